// Asks the AWS SDK for JavaScript v3 for credentials, one way after another, and says who
// STS thinks it is each time; tests/integration/test_jssdk.py reads the JSON it prints.
//
//   node probe.js SDK_DIR SPEC_JSON
//
// SDK_DIR holds node_modules (the jssdk.npm_ci fixture installs it there). SPEC_JSON is
// {"checks": [{"name", "provider", "calls", "region", "profile", "mfa_code"}]}, where
// provider is one of:
//   client       a new STSClient({}) per call: the SDK's own default chain and region
//   chain        fromNodeProviderChain(), asked again with forceRefresh
//   fromHttp, fromContainerMetadata, fromProcess, fromIni   that provider, asked `calls` times
// Each answer's identity comes from GetCallerIdentity signed with it. Secrets are never
// printed: only access key ids, ARNs, regions and expirations.
"use strict";

const http = require("node:http");
const https = require("node:https");
const path = require("node:path");
const { createRequire } = require("node:module");

const [sdkDir, specText] = process.argv.slice(2);
if (!sdkDir || !specText) {
  process.stderr.write("usage: node probe.js SDK_DIR SPEC_JSON\n");
  process.exit(2);
}
const spec = JSON.parse(specText);

// Every HTTP request the SDK makes goes through here: it is counted per host:port, and
// refused unless it is for loopback, so no test can reach beyond 127.0.0.0/8 (a leaked
// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI would send the SDK to 169.254.170.2).
const requests = {};
const refused = [];
function isLoopback(host) {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
function guard(module, scheme) {
  const original = module.request;
  module.request = function (...args) {
    const first = args[0];
    const target = typeof first === "string" || first instanceof URL ? new URL(first) : first;
    const host = String(target.hostname || target.host || "localhost").replace(/:\d+$/, "");
    const port = target.port || (scheme === "https" ? 443 : 80);
    if (!isLoopback(host)) {
      refused.push(`${scheme}://${host}:${port}`);
      throw new Error(`probe: refused to contact ${host}:${port} (the tests stay on loopback)`);
    }
    const key = `${host}:${port}`;
    requests[key] = (requests[key] || 0) + 1;
    return original.apply(this, args);
  };
}
guard(http, "http");
guard(https, "https");

const sdk = createRequire(path.join(path.resolve(sdkDir), "package.json"));
const { STSClient, GetCallerIdentityCommand } = sdk("@aws-sdk/client-sts");
const providers = sdk("@aws-sdk/credential-providers");

// The endpoint of --ecs-server, if the SDK was given one: its requests are counted.
function endpointKey() {
  const full = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
  if (!full) return null;
  const url = new URL(full);
  return `${url.hostname}:${url.port || 80}`;
}

function describeExpiration(expiration) {
  if (expiration === undefined) return { present: false };
  const valid = expiration instanceof Date && !Number.isNaN(expiration.getTime());
  return { present: true, valid, iso: valid ? expiration.toISOString() : String(expiration) };
}

async function identity(client) {
  const answer = await client.send(new GetCallerIdentityCommand({}));
  return answer.Arn;
}

// One answer of `provider`: who it is, and what the SDK made of the session.
async function ask(check, provider, options) {
  const creds = await provider(options);
  const client = new STSClient({ region: check.region || "us-east-1", credentials: creds, maxAttempts: 1 });
  return { arn: await identity(client), access_key_id: creds.accessKeyId,
           expiration: describeExpiration(creds.expiration) };
}

function makeProvider(check, mfaSerials) {
  const profile = check.profile ? { profile: check.profile } : {};
  switch (check.provider) {
    case "chain": return providers.fromNodeProviderChain();
    case "fromHttp": return providers.fromHttp({});
    case "fromContainerMetadata": return providers.fromContainerMetadata({});
    case "fromProcess": return providers.fromProcess(profile);
    case "fromIni":
      return providers.fromIni({ ...profile, mfaCodeProvider: async (serial) => {
        mfaSerials.push(serial);
        return check.mfa_code;
      } });
    default: throw new Error(`probe: unknown provider ${check.provider}`);
  }
}

async function run(check) {
  const result = { answers: [], mfa_serials: [] };
  const key = endpointKey();
  const before = key ? requests[key] || 0 : 0;
  try {
    if (check.provider === "client") {
      for (let i = 0; i < (check.calls || 1); i++) {
        const client = new STSClient({ maxAttempts: 1 });
        const arn = await identity(client);
        const creds = await client.config.credentials();
        result.region = await client.config.region();
        result.answers.push({ arn, access_key_id: creds.accessKeyId,
                              expiration: describeExpiration(creds.expiration) });
      }
    } else {
      const provider = makeProvider(check, result.mfa_serials);
      for (let i = 0; i < (check.calls || 1); i++)
        result.answers.push(await ask(check, provider, i > 0 ? { forceRefresh: true } : undefined));
    }
  } catch (err) {
    result.error = `${err.name}: ${err.message}`;
  }
  result.endpoint_requests = key ? (requests[key] || 0) - before : null;
  return result;
}

(async () => {
  const out = { node: process.version, results: {},
                env: Object.keys(process.env).filter((n) => n.startsWith("AWS_")).sort() };
  for (const check of spec.checks) out.results[check.name] = await run(check);
  out.refused = refused;
  process.stdout.write(JSON.stringify(out) + "\n");
})().catch((err) => {
  process.stderr.write(`probe: ${err.stack || err}\n`);
  process.exit(1);
});
