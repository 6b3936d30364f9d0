// Bundles the NestJS API (and the shared library it imports) into dist/backend/main.js.
// node_modules stay external; ts-loader transpiles only (type checking is the `typecheck` target).
const path = require('node:path');
const nodeExternals = require('webpack-node-externals');
const TsconfigPathsPlugin = require('tsconfig-paths-webpack-plugin');

const root = path.resolve(__dirname, '..');

module.exports = {
  mode: 'production',
  target: 'node20',
  context: root,
  entry: { main: './backend/src/main.ts' },
  output: { path: path.join(root, 'dist/backend'), filename: '[name].js', clean: true },
  devtool: 'source-map',
  externalsPresets: { node: true },
  externals: [nodeExternals({ modulesDir: path.join(root, 'node_modules') })],
  resolve: {
    extensions: ['.ts', '.js'],
    plugins: [new TsconfigPathsPlugin({ configFile: path.join(__dirname, 'tsconfig.json') })],
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: 'ts-loader',
        exclude: /node_modules/,
        options: { configFile: path.join(__dirname, 'tsconfig.json'), transpileOnly: true },
      },
    ],
  },
  // Class names must survive: TypeORM and Nest use them for metadata and error messages.
  optimization: { minimize: false },
  performance: { hints: false },
  stats: 'errors-warnings',
};
