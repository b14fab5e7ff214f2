// The unit tests' in-memory keyring must behave as the real backends do, or tests that
// use it (the session cache's) could pass on behaviour no real keyring has.
#include "keyring_contract.hpp"
#include "support/memory_keyring.hpp"

namespace awsx::test {
namespace {

class MemoryStore final : public StoreUnderTest {
public:
  std::unique_ptr<store::Keyring> open() override { return first_.reopen(); }

private:
  MemoryKeyring first_;
};

INSTANTIATE_TEST_SUITE_P(Memory, KeyringContract,
                         ::testing::Values(ContractBackend{
                             "memory", "memory",
                             [] { return std::make_unique<MemoryStore>(); }}),
                         contract_test_name);

} // namespace
} // namespace awsx::test
