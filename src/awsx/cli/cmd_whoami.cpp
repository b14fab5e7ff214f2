#include <Poco/JSON/Object.h>

#include <ostream>

#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/sts_client.hpp"
#include "awsx/cli/handlers.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/session/obtain.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::cli {

int run_whoami(const Invocation& invocation, Context& ctx) {
  Console& console = ctx.console;
  const auto session = awsx::session::obtain(invocation.credentials, ctx);
  const util::Environment& env = ctx.env;
  const util::Clock& clock = ctx.clock;
  const auto files = config::load(env);
  const auto* section = session.profile.empty() ? nullptr : files.profile(session.profile);
  const auto transport = ctx.transports.make(env, section);
  aws::StsClient sts(*transport, clock,
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
