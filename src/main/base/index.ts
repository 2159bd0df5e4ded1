// The base layer of src/main: disposables and typed events, used by every service that starts something or tells.
export { DisposableStore, NONE_DISPOSABLE, toDisposable, type Disposable } from './disposable';
export { Emitter, toPromise, type EmitterOptions, type Event, type Listener } from './event';
