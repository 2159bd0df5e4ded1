// Moved to src/main/base (issue 12 §3); this re-export goes once the last importer is changed.
export { Emitter, type Disposable, type Listener } from '../base';
