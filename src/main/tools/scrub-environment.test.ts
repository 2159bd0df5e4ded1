import { describe, expect, it } from 'vitest';
import { scrubEnvironment } from './scrub-environment';

describe('scrubEnvironment', () => {
  const environment = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/me',
    LANG: 'en_US.UTF-8',
    GITHUB_TOKEN: 'ghp_abc',
    OPENAI_API_KEY: 'sk-abc',
    AWS_SECRET_ACCESS_KEY: 'aws-abc',
    CLIENT_SECRET: 'client-abc',
    DB_PASSWORD: 'hunter2',
    MYSQL_PASSWORD_FILE: '/run/secrets/db',
    HAROMBE_REMOTE: 'https://node.local?token=server-auth-token-123',
    SOMETHING_ELSE: 'server-auth-token-123',
    KEYBOARD_LAYOUT: 'us',
    UNSET: undefined,
  };

  it('drops *_TOKEN, *_KEY, *_SECRET and *PASSWORD* variables and keeps the rest', () => {
    expect(scrubEnvironment(environment)).toEqual({
      PATH: '/usr/bin:/bin',
      HOME: '/home/me',
      LANG: 'en_US.UTF-8',
      HAROMBE_REMOTE: 'https://node.local?token=server-auth-token-123',
      SOMETHING_ELSE: 'server-auth-token-123',
      KEYBOARD_LAYOUT: 'us',
    });
  });

  it('drops any variable holding a given secret, whatever its name', () => {
    const scrubbed = scrubEnvironment(environment, { secrets: ['server-auth-token-123'] });
    expect(scrubbed).not.toHaveProperty('SOMETHING_ELSE');
    expect(scrubbed).not.toHaveProperty('HAROMBE_REMOTE');
    expect(scrubbed).toHaveProperty('PATH');
  });

  it('matches a very short secret only as a whole value, so it cannot wipe the environment', () => {
    const scrubbed = scrubEnvironment({ PATH: '/usr/bin', PIN: 'us', EMPTY: '' }, { secrets: ['us', ''] });
    // An empty "secret" (a token not set) matches nothing, not even an empty variable.
    expect(scrubbed).toEqual({ PATH: '/usr/bin', EMPTY: '' });
  });

  it.each([
    ['TOKEN'],
    ['github_token'],
    ['NPM_TOKEN'],
    ['KEY'],
    ['STRIPE_API_KEY'],
    ['Secret'],
    ['APP_SECRET'],
    ['DB_PASSWD'],
    ['PASSWORD_HASH'],
    ['CREDENTIAL'],
    ['GOOGLE_CREDENTIALS'],
  ])('drops %s', (name) => {
    expect(scrubEnvironment({ [name]: 'value', PATH: '/bin' })).toEqual({ PATH: '/bin' });
  });

  it.each([['TOKENIZERS_PARALLELISM'], ['MONKEY'], ['KEY_FILE'], ['SECRETARY'], ['MYTOKEN'], ['CREDENTIALS_DIR'], ['SSH_AUTH_SOCK']])(
    'keeps %s, which only looks like a secret\'s name',
    (name) => {
      expect(scrubEnvironment({ [name]: 'value' })).toEqual({ [name]: 'value' });
    },
  );

  it('finds a secret of eight characters or more inside a longer value, a shorter one only as the whole value', () => {
    const environment = { URL: 'https://x.lan/?k=abcd1234', SHORT: 'https://x.lan/?k=abc1234', WHOLE: 'abc1234' };
    expect(scrubEnvironment(environment, { secrets: ['abcd1234', 'abc1234'] })).toEqual({ SHORT: 'https://x.lan/?k=abc1234' });
  });
});
