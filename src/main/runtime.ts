// The composition root of a running harombe: config in → assistant, HTTP server (and later the cluster) out.
// `harombe start` and the desktop app both run one; stop() leaves no timer, socket or child process behind.
import { hostname } from 'node:os';
import type { HarombeConfig } from '../shared';
import { createAssistant, type Assistant } from './assistant';
import type { AgentEvent } from '../shared';
import type { TurnInput, TurnRunner } from './agent';
import { applyConfigChanges, updateConfigFile } from './config';
import { detectHardware, recommendModel } from './hardware';
import { HarombeServer, LocalOllamaResolver, warnings as serverWarnings } from './server';
import type { ConfigService, ModelAdmin, ServerLogger, ServerServices } from './server';

export interface RuntimeOptions {
  configPath?: string;
  /** Overrides server.host / server.port (tests use port 0). */
  host?: string;
  port?: number;
  /** The built renderer to serve at / (web mode). */
  rendererRoot?: string;
  /** A per-launch token handed to the desktop renderer. */
  desktopToken?: string;
  logger?: ServerLogger;
}

export interface RuntimeStatus {
  url: string;
  port: number;
  model: string;
}

export class HarombeRuntime {
  private server: HarombeServer | undefined;

  private constructor(
    private assistant: Assistant,
    private readonly options: RuntimeOptions,
  ) {}

  static async create(options: RuntimeOptions = {}): Promise<HarombeRuntime> {
    const assistant = await createAssistant({ ...(options.configPath ? { configPath: options.configPath } : {}) });
    return new HarombeRuntime(assistant, options);
  }

  get config(): HarombeConfig {
    return this.assistant.config;
  }

  get model(): string {
    return this.assistant.model;
  }

  /** Start-up warnings: config problems, tools off, and the server's security notes. */
  get warnings(): string[] {
    const config = this.assistant.config;
    const effective = { ...config, server: { ...config.server, host: this.options.host ?? config.server.host } };
    return [...this.assistant.warnings, ...serverWarnings(effective)];
  }

  async start(): Promise<RuntimeStatus> {
    const config = this.assistant.config;
    const host = this.options.host ?? config.server.host;
    const port = this.options.port ?? config.server.port;
    this.server = new HarombeServer(this.services(), {
      host,
      port,
      ...(this.options.rendererRoot ? { rendererRoot: this.options.rendererRoot } : {}),
      ...(this.options.desktopToken ? { desktopToken: this.options.desktopToken } : {}),
    });
    const { url, port: actualPort } = await this.server.start();
    return { url, port: actualPort, model: this.assistant.model };
  }

  async stop({ graceDeadlineMs = 10_000 }: { graceDeadlineMs?: number } = {}): Promise<void> {
    await this.server?.stop({ graceDeadlineMs });
    this.server = undefined;
    await this.assistant.dispose();
  }

  private services(): ServerServices {
    const turns: TurnRunner = {
      // Read per turn: a config change rebuilds the assistant and the next turn uses the new one.
      runTurn: (input: TurnInput): AsyncIterable<AgentEvent> => this.assistant.agent.runTurn(input),
    };
    const config: ConfigService = {
      get: () => this.assistant.config,
      update: (next) => this.updateConfig(next),
      path: this.assistant.configPath,
    };
    const models: ModelAdmin = {
      listModels: async (signal) =>
        (await this.assistant.admin.listModels(signal ? { signal } : {})).map((model) => ({
          name: model.name,
          size: model.sizeBytes,
          modifiedAt: model.modifiedAt,
          ...(model.family ? { family: model.family } : {}),
          ...(model.parameterSize ? { parameterSize: model.parameterSize } : {}),
          ...(model.quantization ? { quantization: model.quantization } : {}),
        })),
      pull: (name, signal) => this.assistant.admin.pull(name, signal ? { signal } : {}),
    };
    const nodeName = hostname();
    return {
      config,
      turns,
      confirmations: this.assistant.broker,
      conversations: this.assistant.store,
      tools: { list: () => this.assistant.toolSummaries },
      models,
      upstream: new LocalOllamaResolver({
        ollamaHost: () => this.assistant.config.ollama.host,
        activeModel: () => this.assistant.model,
        nodeName,
      }),
      activeModel: () => this.assistant.model,
      node: { name: nodeName, tier: 0 },
      sandbox: () => this.assistant.sandbox,
      hardware: {
        report: async () => {
          const profile = await detectHardware();
          return { profile, recommendation: recommendModel(profile) };
        },
      },
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    };
  }

  /** Saves the change into the user's file (comments kept), then rebuilds the assistant so it applies at once. */
  private async updateConfig(next: HarombeConfig): Promise<void> {
    const before = this.assistant.config;
    const path = this.assistant.configPath;
    await updateConfigFile(path, (document) => applyConfigChanges(document, before, next));
    const previous = this.assistant;
    this.assistant = await createAssistant({ configPath: path, broker: previous.broker, store: previous.store });
  }
}
