#include <Poco/JSON/Object.h>

#include <ostream>

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/poco_transport.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/cli/session_source.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

int run_whoami(const Invocation& invocation, Console& console) {
  const auto session = obtain_session(invocation.credentials, console);
  util::ProcessEnvironment env;
  util::SystemClock clock;
  const auto files = config::load(env);
  const auto* section = session.profile.empty() ? nullptr : files.profile(session.profile);
  aws::PocoTransport transport(aws::transport_options_from(env, section),
                               aws::proxy_settings_from(env));
  aws::StsClient sts(transport, clock,
                     aws::resolve_sts_endpoint(env, &files, section, session.region));
  if (!session.profile.empty())
    sts.on_behalf_of("profile " + session.profile);
  const auto id = sts.get_caller_identity(session.credentials);
  if (invocation.json) {
    Poco::JSON::Object out(Poco::JSON_PRESERVE_KEY_ORDER);
    out.set("Account", id.account);
    out.set("Arn", id.arn);
    out.set("UserId", id.user_id);
    out.set("Profile", session.profile);
    out.stringify(console.out, 2);
    console.out << "\n";
  } else {
    console.out << "Account: " << id.account << "\nArn:     " << id.arn
                << "\nUserId:  " << id.user_id << "\n";
  }
  return 0;
}

} // namespace awsx::cli
