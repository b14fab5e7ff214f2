// awsx rotate through the fake transport: the order of the IAM and STS calls, where the new
// key goes, and what is left after a failure at each step.
#include <gtest/gtest.h>

#include "awsx/store/keyring_keys.hpp"
#include "cli/rotate_fixture.hpp"

namespace awsx::test {

namespace {

const std::string old_id = "AKIAOLDKEY0000000001";
const std::string new_id = "AKIANEWKEY0000000002";
const std::string other_id = "AKIAOTHERKEY00000003";

class Rotate : public RotateTest {
protected:
  // Profile dev with keys `old_id` in the keyring, and prod, a role on top of it.
  void keyring_profile() {
    files("[profile dev]\nregion = eu-west-1\n[profile prod]\nsource_profile = dev\n"
          "role_arn = arn:aws:iam::123456789012:role/prod\n");
    store_keys("dev", old_id);
  }

  // The keys of dev in the keyring.
  aws::Credentials stored() {
    MemoryKeyring keyring(t.keyrings.entries(store::Purpose::credentials));
    return *store::KeyringKeys(keyring).find("dev");
  }

  // Queues the answers of a rotation up to and including CreateAccessKey.
  void answer_until_created() {
    t.transports.fake.answer(200, get_user_xml());
    t.transports.fake.answer(200, list_keys_xml({old_id}));
    t.transports.fake.answer(200, created_key_xml(new_id));
  }
};

TEST_F(Rotate, keyring_keys_are_replaced_verified_then_the_old_key_deleted) {
  keyring_profile();
  cache("dev", std::chrono::hours(1));
  cache("prod", std::chrono::hours(1));
  answer_until_created();
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  ASSERT_EQ(rotate({"dev", "--no-session"}), 0) << error;
  EXPECT_EQ(actions(), (std::vector<std::string>{"GetUser", "ListAccessKeys", "CreateAccessKey",
                                                 "GetCallerIdentity", "DeleteAccessKey"}));
  EXPECT_EQ(stored().access_key_id, new_id);
  EXPECT_EQ(stored().secret_access_key, "new/secret+" + new_id);
  // The IAM calls go to the global endpoint signed for us-east-1; the proof is signed by
  // the new key; the old key is the one deleted.
  const auto& requests = t.transports.fake.requests;
  EXPECT_EQ(requests[0].host, "iam.amazonaws.com");
  EXPECT_NE(requests[0].header("Authorization").find("/us-east-1/iam/aws4_request"),
            std::string::npos);
  EXPECT_NE(requests[1].body.find("UserName=alice"), std::string::npos);
  EXPECT_EQ(requests[3].host, "sts.eu-west-1.amazonaws.com");
  EXPECT_EQ(signer(3), new_id);
  EXPECT_EQ(signer(4), old_id);
  EXPECT_NE(requests[4].body.find("AccessKeyId=" + old_id), std::string::npos);
  EXPECT_TRUE(t.keyrings.entries(store::Purpose::sessions)->items.empty());
  EXPECT_NE(t.out.str().find(new_id + " is stored in the memory keyring and works; " + old_id +
                             " is deleted; 2 cached sessions cleared"),
            std::string::npos)
      << t.out.str();
  EXPECT_TRUE(waited.empty());
  EXPECT_EQ(t.out.str().find("new/secret"), std::string::npos);
  // The credentials keyring is opened once (a file keyring asks its passphrase once), and
  // the sessions' once.
  EXPECT_EQ(t.keyrings.opened, 2);
}

TEST_F(Rotate, a_role_profile_rotates_the_keys_of_its_source) {
  keyring_profile();
  answer_until_created();
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  ASSERT_EQ(rotate({"prod", "--no-session"}), 0) << error;
  EXPECT_EQ(stored().access_key_id, new_id);
  EXPECT_NE(t.out.str().find("profile dev"), std::string::npos);
}

TEST_F(Rotate, two_keys_already_are_refused_before_anything_changes) {
  keyring_profile();
  t.transports.fake.answer(200, get_user_xml());
  t.transports.fake.answer(200, list_keys_xml({old_id, other_id}));
  EXPECT_EQ(rotate({"dev", "--no-session"}), static_cast<int>(ExitCode::credentials));
  EXPECT_EQ(actions(), (std::vector<std::string>{"GetUser", "ListAccessKeys"}));
  EXPECT_EQ(stored().access_key_id, old_id);
  EXPECT_NE(error.find("already has two access keys"), std::string::npos) << error;
  EXPECT_NE(error.find("nothing changed"), std::string::npos) << error;
  EXPECT_NE(hint.find("delete " + other_id), std::string::npos) << hint;
  EXPECT_NE(hint.find("--access-key-id " + other_id), std::string::npos) << hint;
}

TEST_F(Rotate, a_key_iam_does_not_list_is_refused) {
  keyring_profile();
  t.transports.fake.answer(200, get_user_xml());
  t.transports.fake.answer(200, list_keys_xml({other_id}));
  EXPECT_NE(rotate({"dev", "--no-session"}), 0);
  EXPECT_EQ(actions().size(), 2u);
  EXPECT_NE(error.find("is not one of IAM user alice's access keys"), std::string::npos)
      << error;
}

TEST_F(Rotate, a_failed_create_changes_nothing_and_lists_the_keys) {
  keyring_profile();
  t.transports.fake.answer(200, get_user_xml());
  t.transports.fake.answer(200, list_keys_xml({old_id}));
  t.transports.fake.answer(409, aws_error_xml("LimitExceeded"));
  t.transports.fake.answer(200, list_keys_xml({old_id}));
  EXPECT_EQ(rotate({"dev", "--no-session"}), static_cast<int>(ExitCode::sts));
  EXPECT_EQ(stored().access_key_id, old_id);
  EXPECT_NE(error.find("creating a new access key failed: iam CreateAccessKey: LimitExceeded"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("keys now: " + old_id + " (the profile's)"), std::string::npos) << error;
}

TEST_F(Rotate, a_key_that_never_works_is_taken_back_after_about_30_seconds) {
  keyring_profile();
  answer_until_created();
  for (int i = 0; i < 6; ++i)
    t.transports.fake.answer(403, aws_error_xml("InvalidClientTokenId"));
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  t.transports.fake.answer(200, list_keys_xml({old_id}));
  EXPECT_EQ(rotate({"dev", "--no-session"}), static_cast<int>(ExitCode::credentials));
  EXPECT_EQ(stored().access_key_id, old_id);
  const auto& requests = t.transports.fake.requests;
  ASSERT_EQ(requests.size(), 11u);
  EXPECT_EQ(action_of(requests[9]), "DeleteAccessKey");
  EXPECT_NE(requests[9].body.find("AccessKeyId=" + new_id), std::string::npos);
  std::chrono::milliseconds total{0};
  for (const auto wait : waited)
    total += wait;
  EXPECT_EQ(waited.size(), 5u);
  EXPECT_GE(total, std::chrono::seconds(25));
  EXPECT_LE(total, std::chrono::seconds(35));
  EXPECT_NE(error.find("the new key " + new_id + " did not work"), std::string::npos) << error;
  EXPECT_NE(error.find("InvalidClientTokenId"), std::string::npos) << error;
  EXPECT_NE(error.find("old key " + old_id + " is back in the memory keyring"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("keys now: " + old_id), std::string::npos) << error;
}

TEST_F(Rotate, a_key_that_works_after_propagation_is_kept) {
  keyring_profile();
  answer_until_created();
  t.transports.fake.answer(403, aws_error_xml("InvalidClientTokenId"));
  t.transports.fake.answer(403, aws_error_xml("InvalidClientTokenId"));
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  ASSERT_EQ(rotate({"dev", "--no-session"}), 0) << error;
  EXPECT_EQ(waited, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(1),
                                                            std::chrono::seconds(2)}));
  EXPECT_EQ(stored().access_key_id, new_id);
}

TEST_F(Rotate, a_key_that_cannot_be_stored_is_deleted_again) {
  keyring_profile();
  t.keyrings.entries(store::Purpose::credentials)->read_only = true;
  answer_until_created();
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  t.transports.fake.answer(200, list_keys_xml({old_id}));
  EXPECT_EQ(rotate({"dev", "--no-session"}), static_cast<int>(ExitCode::storage));
  EXPECT_EQ(actions(), (std::vector<std::string>{"GetUser", "ListAccessKeys", "CreateAccessKey",
                                                 "DeleteAccessKey", "ListAccessKeys"}));
  EXPECT_NE(t.transports.fake.requests[3].body.find("AccessKeyId=" + new_id),
            std::string::npos);
  EXPECT_EQ(stored().access_key_id, old_id);
  EXPECT_NE(error.find("storing the new key " + new_id + " in the memory keyring failed"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("is deleted again; IAM user alice's keys now: " + old_id),
            std::string::npos)
      << error;
}

TEST_F(Rotate, a_failed_delete_of_the_new_key_says_which_keys_exist) {
  keyring_profile();
  t.keyrings.entries(store::Purpose::credentials)->read_only = true;
  answer_until_created();
  t.transports.fake.answer(403, aws_error_xml("AccessDenied"));
  t.transports.fake.answer(200, list_keys_xml({old_id, new_id}));
  EXPECT_NE(rotate({"dev", "--no-session"}), 0);
  EXPECT_NE(error.find("deleting the new key " + new_id + " failed"), std::string::npos)
      << error;
  EXPECT_NE(error.find("--access-key-id " + new_id), std::string::npos) << error;
  EXPECT_NE(error.find("keys now: " + old_id + " (old) and " + new_id + " (new)"),
            std::string::npos)
      << error;
}

TEST_F(Rotate, a_failed_delete_of_the_old_key_keeps_the_new_one) {
  keyring_profile();
  cache("dev", std::chrono::hours(1));
  answer_until_created();
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(403, aws_error_xml("AccessDenied"));
  t.transports.fake.answer(200, list_keys_xml({old_id, new_id}));
  EXPECT_EQ(rotate({"dev", "--no-session"}), static_cast<int>(ExitCode::sts));
  EXPECT_EQ(stored().access_key_id, new_id);
  EXPECT_NE(error.find("the new key " + new_id +
                       " is stored in the memory keyring and works, "
                       "but deleting the old key " +
                       old_id + " failed"),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("keys now: " + old_id + " (old) and " + new_id + " (new)"),
            std::string::npos)
      << error;
  EXPECT_NE(hint.find("--access-key-id " + old_id), std::string::npos) << hint;
}

TEST_F(Rotate, one_mfa_code_makes_the_session_that_signs_every_iam_call) {
  files("[profile dev]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n");
  store_keys("dev", old_id);
  t.mfa.code = "654321";
  t.transports.fake.answer(200, sts_credentials_xml("GetSessionToken", "ASIAMFASESSION"));
  answer_until_created();
  t.transports.fake.answer(200, alice_identity_xml());
  t.transports.fake.answer(200, iam_xml("DeleteAccessKey", ""));
  ASSERT_EQ(rotate({"dev"}), 0) << error;
  const auto& requests = t.transports.fake.requests;
  ASSERT_EQ(actions(), (std::vector<std::string>{"GetSessionToken", "GetUser", "ListAccessKeys",
                                                 "CreateAccessKey", "GetCallerIdentity",
                                                 "DeleteAccessKey"}));
  EXPECT_EQ(signer(0), old_id);
  EXPECT_NE(requests[0].body.find("TokenCode=654321"), std::string::npos);
  EXPECT_NE(
      requests[0].body.find("SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice"),
      std::string::npos)
      << requests[0].body;
  for (const std::size_t iam_call : {1u, 2u, 3u, 5u}) {
    EXPECT_EQ(signer(iam_call), "ASIAMFASESSION");
    EXPECT_EQ(requests[iam_call].header("X-Amz-Security-Token"), "token-ASIAMFASESSION");
  }
  EXPECT_EQ(signer(4), new_id);
  EXPECT_EQ(stored().access_key_id, new_id);
}

TEST_F(Rotate, an_mfa_token_on_the_command_line_is_the_one_code) {
  files("[profile dev]\nmfa_serial = arn:aws:iam::123456789012:mfa/alice\n");
  store_keys("dev", old_id);
  t.transports.fake.answer(200, sts_credentials_xml("GetSessionToken", "ASIAMFASESSION"));
  t.transports.fake.answer(200, get_user_xml());
  t.transports.fake.answer(200, list_keys_xml({old_id, other_id}));
  EXPECT_NE(rotate({"dev", "-t", "111222"}), 0);
  EXPECT_NE(t.transports.fake.requests[0].body.find("TokenCode=111222"), std::string::npos);
}

TEST_F(Rotate, keys_from_the_environment_are_refused) {
  files("");
  t.env.set("AWS_ACCESS_KEY_ID", old_id);
  t.env.set("AWS_SECRET_ACCESS_KEY", "env-secret");
  EXPECT_EQ(rotate({}), static_cast<int>(ExitCode::credentials));
  EXPECT_NE(error.find("environment"), std::string::npos) << error;
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(Rotate, a_credential_process_profile_is_refused) {
  files("[profile p]\ncredential_process = /bin/true\n");
  EXPECT_EQ(rotate({"p"}), static_cast<int>(ExitCode::credentials));
  EXPECT_NE(error.find("replaces only long-term keys"), std::string::npos) << error;
  EXPECT_TRUE(t.transports.fake.requests.empty());
}

TEST_F(Rotate, session_keys_in_the_file_are_refused) {
  files("", "[dev]\naws_access_key_id = ASIASESSION\naws_secret_access_key = s\n"
            "aws_session_token = tok\n");
  EXPECT_EQ(rotate({"dev"}), static_cast<int>(ExitCode::credentials));
  EXPECT_NE(error.find("temporary"), std::string::npos) << error;
}

TEST_F(Rotate, iam_endpoint_comes_from_aws_endpoint_url_iam) {
  keyring_profile();
  t.env.set("AWS_ENDPOINT_URL_IAM", "http://127.0.0.1:5000");
  t.transports.fake.answer(200, get_user_xml());
  t.transports.fake.answer(200, list_keys_xml({old_id, other_id}));
  rotate({"dev", "--no-session"});
  EXPECT_EQ(t.transports.fake.requests[0].host, "127.0.0.1");
  EXPECT_EQ(t.transports.fake.requests[0].port, 5000);
}

} // namespace

} // namespace awsx::test
