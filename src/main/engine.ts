// Placeholder composition root for `harombe chat`: the lead replaces it with the real wiring (config, LLM, tools, agent).
export interface CreateChatEngineOptions {
  configPath?: string;
  workspace?: string;
}

export async function createChatEngine(_options: CreateChatEngineOptions): Promise<never> {
  throw new Error('not wired yet');
}
