import {
  InstrumentationBase,
  type InstrumentationConfig,
  InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';

// pino's default destination is a sonic-boom stream on fd 1 that writes with fs.write(Sync)
// itself, bypassing process.stdout.write. Its write(line) is called synchronously by the logger
// call, in the caller's context (so a line gets the right trace id even when sonic-boom buffers it).

type Sink = (fd: 1 | 2, data: string) => void;
let sink: Sink | undefined;

/** Where lines written through sonic-boom streams on stdout/stderr go; undefined stops capture. */
export function setSonicBoomSink(fn: Sink | undefined): void {
  sink = fn;
}

interface SonicBoomLike {
  fd: number;
  write(data: unknown): boolean;
}
type SonicBoomCtor = (new (...args: unknown[]) => SonicBoomLike) & { prototype: SonicBoomLike };

function capture(fd: number, data: unknown): void {
  if (!sink || (fd !== 1 && fd !== 2)) return;
  try {
    if (typeof data === 'string') sink(fd, data);
    else if (data instanceof Uint8Array)
      sink(fd, Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8'));
  } catch {
    // capture never breaks the app's logging
  }
}

/** sonic-boom sets `write` on each instance in its constructor, so the constructor is wrapped. */
function wrapConstructor(Original: SonicBoomCtor): SonicBoomCtor {
  const Wrapped = function SonicBoom(this: unknown, ...args: unknown[]): SonicBoomLike {
    const sb = Reflect.construct(Original, args, new.target ?? Original) as SonicBoomLike;
    const write = sb.write;
    if (typeof write === 'function')
      sb.write = function capturedWrite(this: SonicBoomLike, data: unknown): boolean {
        capture(this.fd, data);
        return write.call(this, data);
      };
    return sb;
  } as unknown as SonicBoomCtor;
  Wrapped.prototype = Original.prototype;
  Object.setPrototypeOf(Wrapped, Original);
  return Wrapped;
}

export class SonicBoomCapture extends InstrumentationBase<InstrumentationConfig> {
  constructor() {
    super('@podtrail/agent/sonic-boom', '0.1.0', {});
  }

  protected init() {
    // Unpatching is setSonicBoomSink(undefined): streams already made keep their wrapper.
    return new InstrumentationNodeModuleDefinition('sonic-boom', ['>=1.0.0 <6'], (mod: SonicBoomCtor) =>
      typeof mod === 'function' ? wrapConstructor(mod) : mod,
    );
  }
}
