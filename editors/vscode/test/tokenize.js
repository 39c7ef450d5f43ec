// Tokenize texts with the extension's grammars as VS Code does (vscode-textmate over the
// Oniguruma regular expressions compiled to WebAssembly), for tests/test_highlight.py.
//
// Reads a JSON request on standard input:
//   {"scope": "source.arch" | "text.html.markdown", "texts": ["...", ...]}
// and writes, for each text, its lines, each a list of [start, end, [scopes...]] (columns in
// UTF-16 code units, as vscode-textmate counts). Markdown is the grammar VS Code ships (packaged
// by tm-grammars), with this extension's injection for ```arch blocks registered the way
// package.json declares it (`injectTo`).
"use strict";

const fs = require("fs");
const path = require("path");
const textmate = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const extension = path.resolve(__dirname, "..");
const manifest = JSON.parse(fs.readFileSync(path.join(extension, "package.json"), "utf8"));

// scopeName -> grammar file, and the injections into each scope: from the manifest itself.
const files = { "text.html.markdown": require.resolve("tm-grammars/grammars/markdown.json") };
const injections = {};
for (const grammar of manifest.contributes.grammars) {
  files[grammar.scopeName] = path.join(extension, grammar.path);
  for (const target of grammar.injectTo || []) {
    (injections[target] = injections[target] || []).push(grammar.scopeName);
  }
}

async function main() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (text) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      if (!file) {
        return null; // a language embedded in Markdown that these tests do not need
      }
      return textmate.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
    getInjections: (scopeName) => injections[scopeName],
  });
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const grammar = await registry.loadGrammar(request.scope);
  if (!grammar) {
    throw new Error(`no grammar for ${request.scope}`);
  }
  const answer = request.texts.map((text) => {
    let stack = textmate.INITIAL;
    return text.split("\n").map((line) => {
      const result = grammar.tokenizeLine(line, stack);
      stack = result.ruleStack;
      return result.tokens.map((token) => [token.startIndex, Math.min(token.endIndex, line.length), token.scopes]);
    });
  });
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
