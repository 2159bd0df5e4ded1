// A private avahi-daemon (with its own D-Bus) inside one test namespace: never on the host's interfaces or its /run.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TOOLS = ['avahi-daemon', 'avahi-browse', 'avahi-publish', 'dbus-daemon', 'unshare'];

/** Which of the tools avahi interop needs are missing, in words; undefined when all are there. */
export function missingAvahiTools(): string | undefined {
  const missing = TOOLS.filter((tool) => {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  return missing.length > 0 ? `${missing.join(', ')} not installed (apt-get install avahi-utils avahi-daemon dbus util-linux)` : undefined;
}

// dbus-daemon's own system.conf wants /run/dbus and a messagebus user; this bus lives in a temp folder and lets root
// (avahi-daemon --no-drop-root and the avahi-* tools) own and call anything.
const dbusConfig = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <allow own="*"/>
    <allow send_destination="*"/>
    <allow receive_sender="*"/>
  </policy>
</busconfig>
`;

const avahiConfig = (hostName: string, device: string) => `[server]
host-name=${hostName}
use-ipv4=yes
use-ipv6=no
allow-interfaces=${device}
enable-dbus=yes
ratelimit-interval-usec=1000000
ratelimit-burst=1000
[wide-area]
enable-wide-area=no
[publish]
publish-hinfo=no
publish-workstation=no
`;

// Runs in `ip netns exec <ns> unshare -m`: a tmpfs over /run keeps avahi's pid file and socket away from the host's.
const launcher = `set -u
dir="$1"
mount -t tmpfs harombe-avahi-run /run || exit 3
mkdir -p /run/avahi-daemon
dbus-daemon --config-file="$dir/dbus.conf" --nofork --nopidfile & bus=$!
avahi=""
trap 'kill $avahi $bus 2>/dev/null; wait; exit 0' TERM INT
for _ in $(seq 100); do [ -S "$dir/bus" ] && break; sleep 0.05; done
DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/bus" avahi-daemon --no-drop-root --no-chroot --no-rlimits -f "$dir/avahi.conf" & avahi=$!
wait
`;

export class AvahiSandbox {
  readonly hostName: string;
  private child: ChildProcess | undefined;
  private dir = '';
  private output = '';

  constructor(
    private readonly namespace: string,
    private readonly device: string,
  ) {
    this.hostName = `avahi-${namespace.replace(/[^a-z0-9-]/g, '')}`.slice(0, 60);
  }

  get busAddress(): string {
    return `unix:path=${join(this.dir, 'bus')}`;
  }

  /** Starts D-Bus and avahi-daemon; resolves when avahi says its start-up is complete, rejects with its log otherwise. */
  async start(timeoutMs = 10_000): Promise<void> {
    this.dir = await mkdtemp(join(tmpdir(), 'harombe-avahi-'));
    await writeFile(join(this.dir, 'dbus.conf'), dbusConfig(join(this.dir, 'bus')));
    await writeFile(join(this.dir, 'avahi.conf'), avahiConfig(this.hostName, this.device));
    await writeFile(join(this.dir, 'launch.sh'), launcher);
    const launch = ['unshare', '-m', '--propagation', 'private', 'bash', join(this.dir, 'launch.sh'), this.dir];
    const child = spawn('ip', ['netns', 'exec', this.namespace, ...launch], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`avahi-daemon did not finish starting in ${timeoutMs} ms: ${this.output.slice(-1_500)}`)), timeoutMs);
      const listen = (chunk: Buffer): void => {
        this.output += chunk.toString();
        if (this.output.includes('Server startup complete')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', listen);
      child.stderr?.on('data', listen);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`avahi sandbox exited (${code}) before avahi-daemon was ready: ${this.output.slice(-1_500)}`));
      });
    });
  }

  /** `avahi-browse -rtp <type>` inside the namespace: one line per resolved service ("=;iface;IPv4;name;…;txt"). */
  async browse(serviceType: string): Promise<string[]> {
    const { stdout } = await run('ip', ['netns', 'exec', this.namespace, 'avahi-browse', '-rtp', serviceType], {
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: this.busAddress },
      timeout: 10_000,
    });
    return stdout.split('\n').filter((line) => line.startsWith('='));
  }

  /** `avahi-publish -s …` inside the namespace; kill the returned process to withdraw the service. */
  publish(name: string, serviceType: string, port: number, txt: string[]): ChildProcess {
    return spawn('ip', ['netns', 'exec', this.namespace, 'avahi-publish', '-s', name, serviceType, String(port), ...txt], {
      env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: this.busAddress },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  /** Stops avahi-daemon and D-Bus (the launcher's trap), then removes the temp folder. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}
