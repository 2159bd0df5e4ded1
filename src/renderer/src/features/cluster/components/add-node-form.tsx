// Add a node: the form checked by the shared schema as you go, "Test before adding" (✓/✗ with fixes), and whether
// to save it into harombe.yaml or keep it only while this server runs.
import { useId, useState, type FormEvent, type ReactElement } from 'react';
import type { NodeConfig, NodeKind } from '../../../../../shared/config-schema';
import type { NodeTestResult } from '../../../../../shared/cluster-schema';
import { DEFAULT_PORTS, emptyNodeForm, parseNodeForm, type NodeFormErrors, type NodeFormValues } from '../model/node-form';
import { TIER_NAMES } from '../model/format';
import { useUnmountSignal } from '../model/use-unmount-signal';
import { NodeChecks } from './node-checks';

export interface AddNodeFormProps {
  initial?: Partial<NodeFormValues>;
  test(node: NodeConfig, signal?: AbortSignal): Promise<NodeTestResult>;
  add(node: NodeConfig, save: boolean): Promise<void>;
  onDone(): void;
}

function errorText(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure);
}

export function AddNodeForm({ initial, test, add, onDone }: AddNodeFormProps) {
  const id = useId();
  const [values, setValues] = useState<NodeFormValues>({ ...emptyNodeForm, ...initial });
  const [touched, setTouched] = useState<Partial<Record<keyof NodeFormValues, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [save, setSave] = useState(true);
  const [busy, setBusy] = useState<'test' | 'add'>();
  const [result, setResult] = useState<NodeTestResult>();
  const [error, setError] = useState<string>();
  const unmounted = useUnmountSignal();
  const parsed = parseNodeForm(values);
  const errors: NodeFormErrors = parsed.errors ?? {};
  const shown = (field: keyof NodeFormValues) => (submitted || touched[field] ? errors[field] : undefined);

  const change = (field: keyof NodeFormValues, value: string) => {
    setValues((current) => {
      const next = { ...current, [field]: value };
      if (field === 'kind' && current.port === DEFAULT_PORTS[current.kind]) next.port = DEFAULT_PORTS[value as NodeKind];
      return next;
    });
    setResult(undefined);
  };

  const run = async (what: 'test' | 'add', event?: FormEvent) => {
    event?.preventDefault();
    setSubmitted(true);
    if (!parsed.node) return;
    setBusy(what);
    setError(undefined);
    try {
      if (what === 'test') setResult(await test(parsed.node, unmounted()));
      else {
        await add(parsed.node, save);
        onDone();
      }
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(undefined);
    }
  };

  const field = (name: keyof NodeFormValues, label: string, input: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactElement) => {
    const message = shown(name);
    const inputId = `${id}-${name}`;
    return (
      <div className="form-field">
        <label htmlFor={inputId}>{label}</label>
        {input({ id: inputId, 'aria-invalid': message !== undefined, ...(message ? { 'aria-describedby': `${inputId}-error` } : {}) })}
        {message ? (
          <p id={`${inputId}-error`} className="form-error">
            {message}
          </p>
        ) : null}
      </div>
    );
  };
  const text = (name: keyof NodeFormValues, extra: { placeholder?: string; type?: string; inputMode?: 'numeric' } = {}) =>
    (props: { id: string }) => (
      <input {...props} {...extra} value={values[name]} onChange={(event) => change(name, event.target.value)} onBlur={() => setTouched((t) => ({ ...t, [name]: true }))} />
    );

  return (
    <form className="add-node-form" aria-label="Add a node" noValidate onSubmit={(event) => void run('add', event)}>
      <h2>Add a node</h2>
      <div className="form-grid">
        {field('name', 'Name', text('name', { placeholder: 'gpu-box' }))}
        {field('kind', 'Kind', (props) => (
          <select {...props} value={values.kind} onChange={(event) => change('kind', event.target.value)}>
            <option value="harombe">harombe</option>
            <option value="ollama">ollama</option>
            <option value="openai">OpenAI-compatible</option>
          </select>
        ))}
        {field('host', 'Host', text('host', { placeholder: '192.168.1.50' }))}
        {field('port', 'Port', text('port', { inputMode: 'numeric' }))}
        {field('model', 'Model', text('model', { placeholder: 'qwen2.5:14b' }))}
        {field('tier', 'Tier', (props) => (
          <select {...props} value={values.tier} onChange={(event) => change('tier', event.target.value)}>
            {TIER_NAMES.map((name, tier) => (
              <option key={name} value={String(tier)}>
                {tier} — {name}
              </option>
            ))}
          </select>
        ))}
        {field('auth_token', 'Auth token (optional)', text('auth_token', { type: 'password' }))}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={save} onChange={(event) => setSave(event.target.checked)} /> Save to harombe.yaml (otherwise only until this server stops)
      </label>
      <div className="node-actions">
        <button type="button" className="button" disabled={busy !== undefined} onClick={() => void run('test')}>
          {busy === 'test' ? 'Testing…' : 'Test before adding'}
        </button>
        <button type="submit" className="button button-primary" disabled={busy !== undefined}>
          {busy === 'add' ? 'Adding…' : 'Add node'}
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {error ? (
        <p role="alert" className="node-error">
          {error}
        </p>
      ) : null}
      {result ? <NodeChecks result={result} /> : null}
    </form>
  );
}
