#!/bin/sh
# The API runs its migrations on start (before it listens), then serves; exec so signals reach node.
set -e
exec node --enable-source-maps dist/backend/main.js
