// The archlint extension: the language and its grammars are declared in package.json; this
// starts `archlint lsp` for .arch files (and Markdown, for its ```arch blocks) and stops it.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const settings = vscode.workspace.getConfiguration("archlint");
  const command = settings.get("path") || "archlint";
  const documents = [{ scheme: "file", language: "arch" }];
  if (settings.get("markdown")) {
    documents.push({ scheme: "file", language: "markdown" });
  }
  client = new LanguageClient(
    "archlint",
    "archlint",
    { command, args: ["lsp"], transport: TransportKind.stdio },
    { documentSelector: documents }
  );
  client.start().catch((error) => {
    vscode.window.showErrorMessage(
      `archlint: could not start \`${command} lsp\` (${error.message}). ` +
        "Install it with `pip install 'archlint[lsp]'`, or set `archlint.path`."
    );
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
