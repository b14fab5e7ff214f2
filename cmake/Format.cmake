# `format` rewrites the sources with clang-format; `check-format` fails on drift.
find_program(AWSX_CLANG_FORMAT NAMES clang-format clang-format-14)
if(AWSX_CLANG_FORMAT)
  file(GLOB_RECURSE AWSX_FORMAT_SOURCES CONFIGURE_DEPENDS
    ${PROJECT_SOURCE_DIR}/src/*.cpp ${PROJECT_SOURCE_DIR}/src/*.hpp
    ${PROJECT_SOURCE_DIR}/tests/*.cpp ${PROJECT_SOURCE_DIR}/tests/*.hpp)
  add_custom_target(format COMMAND ${AWSX_CLANG_FORMAT} -i ${AWSX_FORMAT_SOURCES})
  add_custom_target(check-format
    COMMAND ${AWSX_CLANG_FORMAT} --dry-run --Werror ${AWSX_FORMAT_SOURCES})
endif()
