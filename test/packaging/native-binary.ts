/**
 * What a native binary is built for, read from its own header (ELF, Mach-O or PE), and the onnxruntime
 * libraries it names: the packaging test's oracle for "this .vsix carries its own platform's binaries, and
 * the ones its loader opens". Written from the formats' specifications, not from the packaging script.
 */

export interface BinaryTarget {
  /** As Node's process.platform names it. */
  platform: 'linux' | 'darwin' | 'win32';
  /** As Node's process.arch names it. */
  arch: 'x64' | 'arm64';
}

/** ELF e_machine values. */
const ELF_MACHINES: Record<number, BinaryTarget['arch']> = { 0x3e: 'x64', 0xb7: 'arm64' };
/** Mach-O cputype values (CPU_ARCH_ABI64 | CPU_TYPE_X86 / CPU_TYPE_ARM). */
const MACHO_CPUS: Record<number, BinaryTarget['arch']> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };
/** PE/COFF Machine values. */
const PE_MACHINES: Record<number, BinaryTarget['arch']> = { 0x8664: 'x64', 0xaa64: 'arm64' };

/** The platform and architecture of a binary from its first bytes (4 KB is plenty), or undefined. */
export function binaryTarget(head: Buffer): BinaryTarget | undefined {
  if (head.length >= 20 && head.readUInt32BE(0) === 0x7f454c46) {
    // ELF; EI_DATA 1 = little-endian (both targets are); e_machine at 0x12.
    const arch = ELF_MACHINES[head.readUInt16LE(0x12)];
    return arch && { platform: 'linux', arch };
  }
  if (head.length >= 8 && head.readUInt32LE(0) === 0xfeedfacf) {
    const arch = MACHO_CPUS[head.readUInt32LE(4)];
    return arch && { platform: 'darwin', arch };
  }
  if (head.length >= 0x40 && head.toString('latin1', 0, 2) === 'MZ') {
    const pe = head.readUInt32LE(0x3c);
    if (pe + 6 > head.length || head.readUInt32BE(pe) !== 0x50450000) return undefined;
    const arch = PE_MACHINES[head.readUInt16LE(pe + 4)];
    return arch && { platform: 'win32', arch };
  }
  return undefined;
}

/**
 * The onnxruntime libraries a binary names (ELF DT_NEEDED, Mach-O LC_LOAD_DYLIB, PE imports all store the
 * names as plain text): `libonnxruntime.so.1`, `libonnxruntime.1.dylib` (from `@rpath/...`), `onnxruntime.dll`.
 */
export function namedOnnxruntimeLibraries(binary: Buffer): string[] {
  const text = binary.toString('latin1');
  const names = new Set<string>();
  for (const match of text.matchAll(/(?:@rpath\/)?((?:lib)?onnxruntime(?:\.\d+)*\.(?:so(?:\.\d+)*|dylib|dll))(?![\w.])/gi)) {
    names.add(match[1]!);
  }
  return [...names].sort();
}
