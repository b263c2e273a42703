// Prisma's schema engine compiled to WebAssembly, driven through a driver adapter. This is how migrations run
// with no native engine binary (none can be downloaded here, nor at an air-gapped customer).
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { SchemaEngine } from "@prisma/schema-engine-wasm";

type WasmBindings = typeof import("@prisma/schema-engine-wasm/schema_engine_bg");

let bindingsPromise: Promise<WasmBindings> | undefined;

// The package's own entry imports the .wasm file as an ES module, which Node cannot do: instantiate it by hand,
// once per process.
function loadBindings(): Promise<WasmBindings> {
  bindingsPromise ??= (async () => {
    const require = createRequire(import.meta.url);
    // resolved at run time from node_modules (the bundler must not try to bundle the engine)
    const enginePackage = ["@prisma", "schema-engine-wasm"].join("/");
    const dir = path.dirname(
      require.resolve(/* turbopackIgnore: true */ `${enginePackage}/schema_engine_bg`),
    );
    const bindings = (await import(
      /* webpackIgnore: true */ /* turbopackIgnore: true */ path.join(dir, "schema_engine_bg.js")
    )) as WasmBindings;
    const module = new WebAssembly.Module(
      fs.readFileSync(/* turbopackIgnore: true */ path.join(dir, "schema_engine_bg.wasm")),
    );
    const instance = new WebAssembly.Instance(module, {
      "./schema_engine_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
    return bindings;
  })();
  return bindingsPromise;
}

export async function openSchemaEngine(options: {
  schemaPath: string;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
}): Promise<SchemaEngine> {
  const bindings = await loadBindings();
  const datamodel = fs.readFileSync(/* turbopackIgnore: true */ options.schemaPath, "utf8");
  const log = (line: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`${line}\n`);
  };
  return bindings.SchemaEngine.new(
    { datamodels: [[options.schemaPath, datamodel]] },
    log,
    bindMigrationAwareSqlAdapterFactory(options.adapterFactory),
  );
}
