# The Debian package: `cpack -G DEB` in the build folder makes awsx_<version>_<arch>.deb
# from the install rules. The `package` tests (tests/integration/test_package.py) run
# lintian on it and install it into a clean Debian 12. Needs cmake/Gzip.cmake.

# Debian wants these in every package's doc folder; the changelog's top entry must be this
# version, so a version bump without an entry stops here rather than in lintian.
set(AWSX_CHANGELOG ${PROJECT_SOURCE_DIR}/packaging/changelog)
file(STRINGS ${AWSX_CHANGELOG} AWSX_CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT AWSX_CHANGELOG_TOP MATCHES "^awsx \\(${PROJECT_VERSION}\\) ")
  message(FATAL_ERROR "packaging/changelog starts with \"${AWSX_CHANGELOG_TOP}\": add an entry "
                      "for version ${PROJECT_VERSION} on top")
endif()
awsx_gzip(changelog ${AWSX_CHANGELOG} ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright
              ${PROJECT_BINARY_DIR}/packaging/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_CONTACT "awsx maintainers <maintainers@users.noreply.h-seed-7c2d2a6a.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# Lines of at most 79 characters, as lintian wants (CPack does not wrap them).
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "awsx exec PROFILE -- COMMAND runs COMMAND with a short-lived session for a\n"
    "profile of the AWS CLI's config files in its environment.\n"
    "\n"
    "Roles are assumed directly with the long-term keys and the MFA code, so a\n"
    "session can last the role's maximum (up to 12 hours); sessions are cached\n"
    "(kernel keyring, Secret Service or encrypted files), so one MFA code lasts\n"
    "the day. awsx also prints sessions for other programs (env,\n"
    "credential_process, JSON, Docker) and serves them to containers as an\n"
    "ECS-style credential endpoint.")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)

# The libraries the two binaries load, as package names. dpkg-shlibdeps (dpkg-dev) derives
# them, with versions, from the binaries; this list stands in without it, and the
# `package.metadata` test fails when the two name different packages.
set(AWSX_DEB_LIBRARY_DEPENDS
    libc6 libgcc-s1 libglib2.0-0 libkeyutils1 libpocofoundation80 libpocojson80
    libpoconet80 libpoconetssl80 libpocoxml80 libsecret-1-0 libssl3 libstdc++6)
# Every endpoint awsx calls by default is HTTPS, verified against the system's CA store,
# which libssl3 does not bring: without ca-certificates no STS call can succeed.
set(CPACK_DEBIAN_PACKAGE_DEPENDS ca-certificates)
find_program(AWSX_DPKG_SHLIBDEPS dpkg-shlibdeps)
if(AWSX_DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
else()
  list(APPEND CPACK_DEBIAN_PACKAGE_DEPENDS ${AWSX_DEB_LIBRARY_DEPENDS})
endif()
list(JOIN CPACK_DEBIAN_PACKAGE_DEPENDS ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# apt installs Recommends by default, so on a plain Debian `man awsx` works and bash
# completes profiles (minbase has neither man-db nor bash-completion); an image built
# with --no-install-recommends opts out of both, and awsx runs without them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bash-completion, man-db")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "awscli")
include(CPack)
