// Stylesheets are bundled by esbuild (server/ide/build.mjs); importing one yields nothing.
declare module '*.css';
