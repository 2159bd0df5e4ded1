// harombe.yaml's common fields as one form: each checked as you type against the shared schema, Save writes only what
// changed (PUT /config keeps the file's comments), and what needs a restart says so.
import { useMemo, useState } from 'react';
import { REDACTED, type HarombeConfig } from '../../../../../shared/config-schema';
import { ApiRequestError } from '../../../../../shared/api-client';
import type { useSaveConfig } from '../api/config-queries';
import { CONFIG_SECTIONS, draftProblems, valueAt, withValue, type ConfigField } from '../model/config-fields';
import { ConfigFieldRow } from './config-field';

/** What a box's value means for the config: an empty optional box removes the key, an empty secret keeps it. */
function stored(field: ConfigField, value: unknown, saved: HarombeConfig): unknown {
  if (field.kind === 'secret' && value === '') return valueAt(saved, field.path) === REDACTED ? REDACTED : undefined;
  if (field.optional && value === '') return undefined;
  return value;
}

export function ConfigForm({ saved, save, modelNames }: { saved: HarombeConfig; save: ReturnType<typeof useSaveConfig>; modelNames?: readonly string[] }) {
  const [draft, setDraft] = useState(saved);
  const problems = useMemo(() => draftProblems(draft), [draft]);
  const changed = JSON.stringify(draft) !== JSON.stringify(saved);
  const sections = CONFIG_SECTIONS.filter((section) => !section.when || saved[section.when] !== undefined);

  return (
    <form
      className="settings-form"
      aria-label="harombe.yaml"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (problems.size === 0 && changed) save.mutate(draft);
      }}
    >
      {sections.map((section) => (
        <fieldset key={section.id} className="settings-section">
          <legend>{section.title}</legend>
          {section.fields.map((field) => (
            <ConfigFieldRow
              key={field.path}
              field={field}
              value={valueAt(draft, field.path)}
              problem={problems.get(field.path)}
              suggestions={field.suggest === 'models' ? modelNames : undefined}
              onChange={(value) => {
                save.reset();
                setDraft((current) => withValue(current, field.path, stored(field, value, saved)));
              }}
            />
          ))}
        </fieldset>
      ))}
      <div className="settings-actions">
        <button type="submit" className="button button-primary" disabled={!changed || problems.size > 0 || save.isPending}>
          {save.isPending ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" disabled={!changed || save.isPending} onClick={() => setDraft(saved)}>
          Undo changes
        </button>
        <p className="settings-save-status" role="status">
          {problems.size > 0
            ? `${problems.size === 1 ? 'One field needs' : `${problems.size} fields need`} fixing before saving.`
            : save.isSuccess
              ? save.data.restart_required?.length
                ? `Saved. Restart harombe for ${save.data.restart_required.join(', ')} to take effect; the rest is in use now.`
                : 'Saved — in use from the next message.'
              : ''}
        </p>
        {save.isError && (
          <p className="settings-field-problem" role="alert">
            {save.error.message}
            {save.error instanceof ApiRequestError && save.error.hint ? ` ${save.error.hint}` : ''}
          </p>
        )}
      </div>
    </form>
  );
}
