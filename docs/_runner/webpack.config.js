// Builds the browser runtime of the pages' Run buttons (docs/_static/runner.js
// loads it on the first Run). CoWasm's files (python.wasm, the standard
// library, NumPy) are copied beside the bundle as they are; Node's modules
// that its in-memory file system uses are polyfilled.
const path = require("path");
const NodePolyfillPlugin = require("node-polyfill-webpack-plugin");

module.exports = {
  mode: "production",
  entry: { "runner-bundle": "./src/index.js" },
  output: {
    path: path.join(__dirname, "dist"),
    filename: "[name].js",
    assetModuleFilename: "[name][ext]",
    clean: true,
  },
  module: {
    rules: [{ test: /\.wasm$|\.zip$|\.tar\.xz$/, type: "asset/resource" }],
  },
  plugins: [new NodePolyfillPlugin({ additionalAliases: ["process"] })],
  performance: { hints: false },
};
