# Production image in three stages: `build` compiles src/ to dist/ with the dev tools
# (TypeScript); `deps` installs the production dependencies only (npm ci --omit=dev: no
# TypeScript, no tsx); the final slim stage runs the compiled bot with plain node, as a
# non-root user. No TypeScript source is in the final image.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/
COPY src ./src
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
# README.md and manifests/ are served by the playground (its docs links); scripts/build.mjs
# lets `npm start` and `npm run audit` run here too (with no src/ it builds nothing).
COPY package.json README.md .env.example ./
COPY scripts/build.mjs ./scripts/
COPY manifests ./manifests
COPY --from=build /app/dist ./dist
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/main.js"]
