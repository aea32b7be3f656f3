# PDM Monitor — production image
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# UV_THREADPOOL_SIZE: read by Node at start; the embedded SQLite needs 16 (config/env.ts SQLITE_THREADPOOL_SIZE).
ENV NODE_ENV=production ADMIN_JS_SKIP_BUNDLE=true TZ=Asia/Jakarta PORT=3000 UV_THREADPOOL_SIZE=16
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/.adminjs ./.adminjs
COPY --from=build /app/config ./config
COPY --from=build /app/package.json ./package.json
RUN mkdir -p /app/var && chown -R node:node /app/var
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --retries=5 CMD node -e "fetch('http://127.0.0.1:3000/health').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["sh", "-c", "node dist/src/cli/index.js migrate && node dist/src/main.js"]
