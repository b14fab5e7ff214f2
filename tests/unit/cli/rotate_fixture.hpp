#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "awsx/cli/handlers.hpp"
#include "awsx/cli/key_rotation.hpp"
#include "awsx/cli/parse.hpp"
#include "cli/handler_fixture.hpp"

namespace awsx::test {

// IAM's answer to `action` with `result` inside its <ActionResult>.
inline std::string iam_xml(const std::string& action, const std::string& result) {
  return "<" + action + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><" +
         action + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>r" +
         "</RequestId></ResponseMetadata></" + action + "Response>";
}

// GetUser for user alice of account 123456789012.
inline std::string get_user_xml() {
  return iam_xml("GetUser",
                 "<User><UserName>alice</UserName><Arn>arn:aws:iam::123456789012:user/"
                 "alice</Arn><UserId>AIDA1</UserId></User>");
}

// ListAccessKeys holding `ids`, all active.
inline std::string list_keys_xml(const std::vector<std::string>& ids) {
  std::string members;
  for (const auto& id : ids)
    members += "<member><UserName>alice</UserName><AccessKeyId>" + id +
               "</AccessKeyId><Status>Active</Status></member>";
  return iam_xml("ListAccessKeys", "<AccessKeyMetadata>" + members +
                                       "</AccessKeyMetadata><IsTruncated>false</IsTruncated>");
}

// CreateAccessKey answering key `id` with secret "new/secret+`id`".
inline std::string created_key_xml(const std::string& id) {
  return iam_xml("CreateAccessKey", "<AccessKey><UserName>alice</UserName><AccessKeyId>" + id +
                                        "</AccessKeyId><Status>Active</Status><SecretAccessKey>"
                                        "new/secret+" +
                                        id + "</SecretAccessKey></AccessKey>");
}

// GetCallerIdentity naming user alice.
inline std::string alice_identity_xml() {
  return "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:"
         "user/alice</Arn><UserId>AIDA1</UserId><Account>123456789012</Account>"
         "</GetCallerIdentityResult></GetCallerIdentityResponse>";
}

// An IAM or STS error document with `code`.
inline std::string aws_error_xml(const std::string& code) {
  return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>no " +
         code + "</Message></Error><RequestId>r</RequestId></ErrorResponse>";
}

// The Action=... of a recorded form request `body`.
inline std::string action_of(const aws::HttpRequest& request) {
  const auto at = request.body.find("Action=");
  const auto end = request.body.find('&', at);
  return request.body.substr(at + 7, end == std::string::npos ? end : end - at - 7);
}

// A HandlerTest that runs `awsx rotate` with waits recorded instead of slept.
class RotateTest : public HandlerTest {
protected:
  // Runs `awsx rotate` with `args`; the exit status, or the Error's code it threw, with
  // its message in `error`.
  int rotate(const std::vector<std::string>& args) {
    std::vector<std::string> line{"rotate"};
    line.insert(line.end(), args.begin(), args.end());
    const auto invocation = cli::parse_command_line(line);
    auto ctx = t.context();
    try {
      return cli::run_rotate(invocation, ctx);
    } catch (const Error& e) {
      error = e.what();
      hint = e.hint();
      return static_cast<int>(e.code());
    }
  }

  // The actions sent, in order.
  std::vector<std::string> actions() const {
    std::vector<std::string> out;
    for (const auto& request : t.transports.fake.requests)
      out.push_back(action_of(request));
    return out;
  }

  // The access key id that signed request `index`.
  std::string signer(std::size_t index) const {
    const auto auth = t.transports.fake.requests.at(index).header("Authorization");
    const auto at = auth.find("Credential=") + 11;
    return auth.substr(at, auth.find('/', at) - at);
  }

  std::vector<std::chrono::milliseconds>& waited = t.slept; // the Context's waits, recorded
  std::string error, hint;
};

} // namespace awsx::test
