// Imported first by every component test (which also says `@vitest-environment jsdom`): DOM matchers and cleanup.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(cleanup);
