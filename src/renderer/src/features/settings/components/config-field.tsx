// One config field: its label, the control for its kind, a restart note when it needs one, and the schema's message
// under it when the value is wrong.
import { REDACTED } from '../../../../../shared/config-schema';
import { numberFrom, type ConfigField } from '../model/config-fields';

export interface ConfigFieldProps {
  field: ConfigField;
  value: unknown;
  problem: string | undefined;
  /** Values to offer in the box (a text field's datalist). */
  suggestions?: readonly string[] | undefined;
  onChange(value: unknown): void;
}

function idOf(path: string): string {
  return `setting-${path.replaceAll('.', '-')}`;
}

function Control({ field, value, problem, suggestions, onChange }: ConfigFieldProps) {
  const id = idOf(field.path);
  const describedBy = [field.help ? `${id}-help` : '', problem ? `${id}-problem` : '', field.restart ? `${id}-restart` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, 'aria-invalid': problem ? true : undefined, 'aria-describedby': describedBy } as const;
  switch (field.kind) {
    case 'switch':
      return <input {...common} type="checkbox" role="switch" checked={value === true} onChange={(event) => onChange(event.target.checked)} />;
    case 'select':
      return (
        <select {...common} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)}>
          {field.options?.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      );
    case 'textarea':
      return <textarea {...common} rows={5} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)} />;
    case 'number':
      return <input {...common} type="text" inputMode="decimal" value={value === undefined ? '' : String(value)} onChange={(event) => onChange(numberFrom(event.target.value))} />;
    case 'secret':
      return (
        <input
          {...common}
          type="password"
          autoComplete="off"
          placeholder={value === REDACTED ? 'set — type to replace it' : 'none'}
          value={value === REDACTED || value === undefined ? '' : String(value)}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case 'text':
      return (
        <>
          <input {...common} type="text" list={suggestions?.length ? `${id}-suggestions` : undefined} value={String(value ?? '')} onChange={(event) => onChange(event.target.value)} />
          {suggestions && suggestions.length > 0 && (
            <datalist id={`${id}-suggestions`}>
              {suggestions.map((suggestion) => (
                <option key={suggestion} value={suggestion} />
              ))}
            </datalist>
          )}
        </>
      );
  }
}

export function ConfigFieldRow(props: ConfigFieldProps) {
  const { field, problem } = props;
  const id = idOf(field.path);
  return (
    <div className={`settings-field settings-field-${field.kind}`}>
      <label htmlFor={id}>{field.label}</label>
      <Control {...props} />
      {field.help && (
        <p id={`${id}-help`} className="settings-field-help">
          {field.help}
        </p>
      )}
      {field.restart && (
        <p id={`${id}-restart`} className="settings-field-restart">
          Takes effect after harombe restarts
        </p>
      )}
      {problem && (
        <p id={`${id}-problem`} className="settings-field-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
