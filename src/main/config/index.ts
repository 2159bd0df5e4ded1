// The config folder's public face: find, load, validate, save and redact harombe.yaml.
export { configPath, conversationsDir, harombeHome } from './paths';
export { ConfigError, formatConfigProblem, formatKeyPath } from './config-problem';
export type { ConfigProblem, KeyPath } from './config-problem';
export { defaultConfig, loadConfig, parseConfigText } from './load-config';
export type { LoadedConfig } from './load-config';
export { CONFIG_FILE_MODE, setConfigValue, updateConfigFile } from './update-config';
export type { UpdateConfigOptions } from './update-config';
export { hideSecrets, hideSecretsIn, isSecretMap, redactConfig, secretValues } from './redact-config';
export { applyConfigChanges } from './apply-config-changes';
export { prepareConfiguredWorkspace, prepareWorkspace, WorkspaceError } from './workspace-check';
