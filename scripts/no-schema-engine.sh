#!/bin/sh
# Stand-in for Prisma's native schema engine, whose download fails offline. `prisma generate` never runs it;
# any other Prisma CLI command fails loudly here instead of silently doing nothing. Use `npm run db:*`.
echo "Prisma's native schema engine is not used by this project: use npm run db:migrate / db:migrate:create" >&2
exit 1
