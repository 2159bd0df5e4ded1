// The add-node form's fields as typed, turned into a node by the same zod schema harombe.yaml is checked with.
import { nodeConfigSchema, type NodeConfig, type NodeKind } from '../../../../../shared/config-schema';

export interface NodeFormValues {
  name: string;
  kind: NodeKind;
  host: string;
  port: string;
  model: string;
  tier: string;
  auth_token: string;
}

export type NodeFormErrors = Partial<Record<keyof NodeFormValues, string>>;

/** The port each kind usually answers on, put in the form when the kind changes and the port was the old default. */
export const DEFAULT_PORTS: Record<NodeKind, string> = { harombe: '8000', ollama: '11434', openai: '8000' };

export const emptyNodeForm: NodeFormValues = { name: '', kind: 'harombe', host: '', port: '8000', model: '', tier: '1', auth_token: '' };

const FIELDS = new Set<string>(['name', 'kind', 'host', 'port', 'model', 'tier', 'auth_token']);

/** A node, or each field's first error in the schema's own words. */
export function parseNodeForm(values: NodeFormValues): { node: NodeConfig; errors?: undefined } | { node?: undefined; errors: NodeFormErrors } {
  const port = values.port.trim();
  const candidate = {
    name: values.name.trim(),
    kind: values.kind,
    host: values.host.trim(),
    port: port === '' ? undefined : /^\d+$/.test(port) ? Number(port) : port,
    model: values.model.trim(),
    tier: Number(values.tier),
    ...(values.auth_token.trim() ? { auth_token: values.auth_token.trim() } : {}),
  };
  const parsed = nodeConfigSchema.safeParse(candidate);
  if (parsed.success) return { node: parsed.data };
  const errors: NodeFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? '');
    const key = (FIELDS.has(field) ? field : 'name') as keyof NodeFormValues;
    errors[key] ??= issue.message;
  }
  return { errors };
}
