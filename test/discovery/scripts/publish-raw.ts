// Child script: publish services straight through bonjour-service, TXT as given (malformed ones too).
import { Bonjour } from 'bonjour-service';
import { emit, scriptOptions, stopOn } from './script-io';

const options = scriptOptions<{ services: { name: string; port: number; txt: Record<string, string> }[] }>();

const bonjour = new Bonjour({}, (error: Error) => emit('warn', { message: error.message }));
for (const service of options.services) {
  bonjour.publish({ name: service.name, type: 'harombe', port: service.port, txt: service.txt, probe: false });
}
emit('published', { names: options.services.map((service) => service.name) });

stopOn(
  () =>
    new Promise<void>((resolve) => {
      bonjour.unpublishAll(() => bonjour.destroy(() => resolve()));
    }),
);
