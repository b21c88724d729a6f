// electron-builder.yml, checked with electron-builder's own code (packaging itself needs
// Electron's binary and is not run here): its config loader and schema validation, its file
// matchers for what goes into app.asar, and its CLI parsing for the inspect-fuse switch.
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SUMATRA_EXE } from '../electron/shell/printing';

const root = path.resolve(import.meta.dirname, '..');
const requireHere = createRequire(import.meta.url);
// app-builder-lib is electron-builder's own (exactly pinned) dependency: load the copy it uses.
const requireBuilder = createRequire(requireHere.resolve('electron-builder/package.json'));
const builderDir = path.dirname(requireBuilder.resolve('app-builder-lib/package.json'));

type ExtraFile = { from: string; to: string };
type Config = Record<string, unknown> & {
  electronFuses?: Record<string, unknown>;
  files?: unknown;
  asarUnpack?: unknown;
  win?: { target?: unknown; extraFiles?: ExtraFile[] };
  linux?: { target?: unknown; extraFiles?: ExtraFile[] };
  directories?: { output?: string };
  publish?: unknown;
};
interface Stat {
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
  moduleFullFilePath?: string;
}
type Filter = (file: string, stat: Stat) => boolean;
interface FileMatcherLike {
  patterns: string[];
  createFilter(): Filter;
}

const configModule = requireBuilder(path.join(builderDir, 'out/util/config/config.js')) as {
  getConfig(dir: string, configPath: string | null, fromCli: unknown): Promise<Config>;
  validateConfiguration(config: Config, debug: { isEnabled: boolean }): Promise<void>;
};
const fileMatcher = requireBuilder(path.join(builderDir, 'out/fileMatcher.js')) as {
  FileMatcher: new (
    from: string,
    to: string,
    expand: (s: string) => string,
    patterns?: string[],
  ) => FileMatcherLike;
  getMainFileMatchers(
    appDir: string,
    dest: string,
    expand: (s: string) => string,
    platformOptions: object,
    platformPackager: object,
    outDir: string,
    isElectronCompile: boolean,
  ): FileMatcherLike[];
  getFileMatchers(
    config: Config,
    name: 'extraFiles',
    defaultDestination: string,
    options: object,
  ): { from: string; to: string }[] | null;
  getNodeModuleFileMatcher(
    appDir: string,
    dest: string,
    expand: (s: string) => string,
    platformOptions: object,
    packager: object,
  ): FileMatcherLike;
};
const noDebug = { isEnabled: false, add() {} };
const identity = (s: string) => s;

const loadConfig = (fromCli: unknown = null) => configModule.getConfig(root, null, fromCli);

function stat(dir: boolean, moduleFullFilePath?: string): Stat {
  return { isDirectory: () => dir, isSymbolicLink: () => false, moduleFullFilePath };
}

let config: Config;
beforeAll(async () => {
  config = await loadConfig();
});

describe('electron-builder.yml', () => {
  it('is the file electron-builder reads (package.json has no "build" key to shadow it)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as object;
    expect(Object.hasOwn(pkg, 'build')).toBe(false);
    expect(config.appId).toBe('cn.deqing.enterprise-kiosk');
  });

  it('passes electron-builder’s own schema validation', async () => {
    await expect(configModule.validateConfiguration(config, noDebug)).resolves.toBeUndefined();
  });

  it('the validation is real: a misspelt fuse or a wrong type is refused', async () => {
    const misspelt = await loadConfig({ electronFuses: { runAsnode: false } });
    await expect(configModule.validateConfiguration(misspelt, noDebug)).rejects.toThrow(
      /electronFuses/,
    );
    const wrongType = await loadConfig({ nsis: { perMachine: 'sometimes' } });
    await expect(configModule.validateConfiguration(wrongType, noDebug)).rejects.toThrow();
  });

  it('sets the fuses the kiosk relies on', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableCookieEncryption: true,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
      enableNodeCliInspectArguments: false,
    });
    expect(config.asar).toBe(true);
  });

  it('the documented CLI switch turns the inspect fuse on for a smoke-test build, and only it', async () => {
    const cliDir = path.dirname(requireHere.resolve('electron-builder/package.json'));
    const cli = requireBuilder(path.join(cliDir, 'out/builder.js')) as {
      configureBuildCommand(y: unknown): { parse(argv: string[]): object };
      normalizeOptions(argv: object): { config: unknown };
    };
    const yargs = requireBuilder('yargs') as {
      parserConfiguration(c: object): unknown;
    };
    const argv = cli
      .configureBuildCommand(yargs.parserConfiguration({ 'camel-case-expansion': false }))
      .parse(['--linux', '-c.electronFuses.enableNodeCliInspectArguments=true']);
    const switched = await loadConfig(cli.normalizeOptions(argv).config);
    await configModule.validateConfiguration(switched, noDebug);
    expect(switched.electronFuses).toEqual({
      ...config.electronFuses,
      enableNodeCliInspectArguments: true,
    });
  });

  it('builds Windows NSIS and Linux AppImage + deb kiosks, into out/ (dist/ is the app)', () => {
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual([
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ]);
    // Per user: the kiosk's account installs its own updates without UAC.
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false });
    expect(config.directories?.output).toBe('out');
  });
});

describe('the operator CLI and the update channel in the package', () => {
  it('installs a kioskctl wrapper beside the binary on Linux and Windows', () => {
    expect(config.linux?.extraFiles).toEqual([{ from: 'packaging/kioskctl', to: 'kioskctl' }]);
    expect(config.win?.extraFiles).toEqual([
      { from: 'packaging/kioskctl.cmd', to: 'kioskctl.cmd' },
    ]);
    const sh = path.join(root, 'packaging/kioskctl');
    // electron-builder copies extraFiles with their mode: the script must stay executable.
    expect(fs.statSync(sh).mode & 0o111).toBe(0o111);
    expect(fs.readFileSync(sh, 'utf8')).toContain(
      'exec "$here/deqing-kiosk" --ozone-platform=headless --kioskctl "$@"',
    );
    const cmd = fs.readFileSync(path.join(root, 'packaging/kioskctl.cmd'), 'utf8');
    // cmd.exe needs CRLF line ends (.gitattributes keeps them).
    expect(cmd.split('\r\n').length).toBe(cmd.split('\n').length);
    expect(cmd).toContain('"%~dp0deqing-kiosk.exe" --kioskctl %*');
    expect(cmd).toContain('exit /b %KIOSKCTL_CODE%');
  });

  it('the extra files are matched by electron-builder’s own matcher, outside app.asar', () => {
    for (const platform of ['linux', 'win'] as const) {
      const [entry] = config[platform]?.extraFiles ?? [];
      // As PlatformPackager.copyAppFiles calls it for extraFiles.
      const matchers = fileMatcher.getFileMatchers(config, 'extraFiles', '/packaged', {
        customBuildOptions: config[platform],
        defaultSrc: root,
        globalOutDir: path.join(root, 'out'),
        macroExpander: identity,
      });
      const [m] = (matchers ?? []).filter((x) => x.from !== root);
      expect(m?.from, platform).toBe(path.join(root, entry!.from));
      expect(m?.to, platform).toBe(path.join('/packaged', entry!.to));
      expect(fs.existsSync(m!.from), platform).toBe(true);
    }
  });

  it('writes latest.yml / latest-linux.yml through a generic publisher (nothing uploaded)', () => {
    expect(config.publish).toEqual({
      provider: 'generic',
      url: 'https://updates.kiosk.invalid/deqing-kiosk/',
    });
  });
});

describe('what goes into app.asar', () => {
  const appDir = root;
  const dest = '/packaged/resources/app';

  it('app files: the Electron entries, the built renderer and package.json; no sources, maps, or CLI', () => {
    const packager = {
      info: {
        projectDir: root,
        buildResourcesDir: 'build',
        isPrepackedAppAsar: false,
        config,
        debugLogger: noDebug,
      },
    };
    const [main] = fileMatcher.getMainFileMatchers(
      appDir,
      dest,
      identity,
      {},
      packager,
      path.join(root, 'out'),
      false,
    );
    const filter = main!.createFilter();
    const included = (rel: string, dir = false) => filter(path.join(root, rel), stat(dir));
    for (const dir of ['dist', 'dist/electron', 'dist/renderer', 'dist/renderer/assets']) {
      expect(included(dir, true), dir).toBe(true);
    }
    for (const rel of [
      'package.json',
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      'dist/renderer/favicon.svg',
      'dist/renderer/assets/index-abc123.js',
      'dist/renderer/assets/index-abc123.css',
      'dist/renderer/assets/zxing_reader-abc123.wasm',
    ]) {
      expect(included(rel), rel).toBe(true);
    }
    for (const rel of [
      'dist/electron/main.cjs.map',
      'dist/electron/web-host.mjs',
      'dist/electron/kioskctl.mjs',
      'dist/electron/launcher.mjs',
      'dist/.build-stamp',
      'electron/main.ts',
      'renderer/src/App.vue',
      'test/electron/ipc.test.ts',
      'scripts/build.mjs',
      'electron-builder.yml',
      'package-lock.json',
      'out/linux-unpacked/deqing-kiosk',
      'README.md',
    ]) {
      expect(included(rel), rel).toBe(false);
    }
  });

  it('node_modules: only sql.js’s loader, its wasm, package.json and licence, and pdf-to-printer', () => {
    const modules = fileMatcher.getNodeModuleFileMatcher(
      appDir,
      dest,
      identity,
      {},
      {
        config,
        debugLogger: noDebug,
      },
    );
    const included = (dep: string, rel: string) => {
      // As NodeModuleCopyHelper does: one matcher per dependency, paths relative to the app.
      const depDir = path.join(root, 'node_modules', dep);
      const filter = new fileMatcher.FileMatcher(
        depDir,
        path.join(dest, 'node_modules', dep),
        identity,
        modules.patterns,
      ).createFilter();
      const full = path.join('node_modules', dep, rel);
      return filter(path.join(depDir, rel), stat(false, full));
    };
    for (const rel of ['package.json', 'LICENSE', 'dist/sql-wasm.js', 'dist/sql-wasm.wasm']) {
      expect(included('sql.js', rel), rel).toBe(true);
    }
    for (const rel of [
      'dist/sql-asm.js',
      'dist/sql-wasm-debug.wasm',
      'dist/sql-wasm-browser.wasm',
      'dist/sqljs-all.zip',
      'logo.svg',
    ]) {
      expect(included('sql.js', rel), rel).toBe(false);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // pdf-to-printer: Windows printing runs the SumatraPDF it ships, unpacked from the asar.
    for (const rel of ['package.json', 'dist/bundle.js', `dist/${SUMATRA_EXE}`])
      expect(included('pdf-to-printer', rel), rel).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/pdf-to-printer/dist/*.exe']);
    expect(
      fs.existsSync(path.join(root, 'node_modules', 'pdf-to-printer', 'dist', SUMATRA_EXE)),
    ).toBe(true);
    for (const dep of Object.keys(pkg.dependencies).filter(
      (d) => d !== 'sql.js' && d !== 'pdf-to-printer',
    )) {
      expect(included(dep, 'package.json'), dep).toBe(false);
      expect(included(dep, 'node_modules/nested/index.js'), dep).toBe(false);
    }
  });

  it('the kept sql.js files are the ones the main process loads', () => {
    const sqlDir = path.join(root, 'node_modules', 'sql.js');
    const sqlPkg = JSON.parse(fs.readFileSync(path.join(sqlDir, 'package.json'), 'utf8')) as {
      main: string;
    };
    expect(path.normalize(sqlPkg.main)).toBe(path.normalize('dist/sql-wasm.js'));
    expect(fs.realpathSync(requireHere.resolve('sql.js'))).toBe(
      fs.realpathSync(path.join(sqlDir, 'dist', 'sql-wasm.js')),
    );
    expect(fs.existsSync(requireHere.resolve('sql.js/dist/sql-wasm.wasm'))).toBe(true);
    const loader = fs.readFileSync(path.join(root, 'electron/services/storage/sqljs.ts'), 'utf8');
    expect(loader).toContain("'sql.js/dist/sql-wasm.wasm'");
  });
});

describe('the main bundle needs nothing from node_modules but sql.js', () => {
  let imports: string[] = [];
  beforeAll(async () => {
    // The externals scripts/build.mjs declares are what main.cjs will require at run time.
    const buildScript = fs.readFileSync(path.join(root, 'scripts/build.mjs'), 'utf8');
    const m = /const external = (\[[^\]]*\]);/.exec(buildScript);
    if (!m) throw new Error('scripts/build.mjs no longer declares `const external = [...]`');
    const external = JSON.parse(m[1]!.replace(/'/g, '"')) as string[];
    const out = await esbuild({
      entryPoints: [path.join(root, 'electron/main.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external,
      write: false,
      metafile: true,
      logLevel: 'silent',
      absWorkingDir: root,
    });
    imports = Object.values(out.metafile.outputs).flatMap((o) =>
      o.imports.filter((i) => i.external).map((i) => i.path),
    );
  });

  it('requires only Node built-ins, electron and sql.js', () => {
    const builtins = new Set(builtinModules);
    const packages = [
      ...new Set(imports.filter((p) => !p.startsWith('node:') && !builtins.has(p))),
    ].sort();
    expect(packages).toEqual(['electron', 'sql.js']);
  });
});
