#pragma once

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/transport.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// Fetches the instance role's credentials from EC2 IMDSv2: PUT /latest/api/token, then
// GET /latest/meta-data/iam/security-credentials/ and /<role>, with the token header.
// The endpoint is http://169.254.169.254 unless AWS_EC2_METADATA_SERVICE_ENDPOINT in
// `env` says otherwise; AWS_EC2_METADATA_DISABLED=true refuses at once. Throws
// CredentialError or NetworkError with what to do next.
Credentials fetch_instance_credentials(HttpTransport& transport, const util::Environment& env);

} // namespace awsx::aws
