#!/usr/bin/env node
// The operator CLI and server entry. Runs the TypeScript sources through tsx,
// so a checkout needs no build step: `npx bookedbarber <command>`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
