import { cpus } from 'node:os';

/** The header every benchmark prints: results mean nothing without the machine. */
export function machineHeader(title: string): string {
  const cpu = cpus();
  return [
    `# ${title}`,
    `node ${process.version} · ${cpu[0]?.model ?? 'unknown CPU'} · ${cpu.length} cores · ${new Date().toISOString()}`,
  ].join('\n');
}
