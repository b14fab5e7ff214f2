# Warnings every awsx target builds with; link `awsx_warnings` to opt in.
add_library(awsx_warnings INTERFACE)
target_compile_options(awsx_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Woverloaded-virtual -Wnull-dereference -Wformat=2
  -Wimplicit-fallthrough
  # Designated initializers leave members at their defaults on purpose.
  -Wno-missing-field-initializers
  $<$<BOOL:${AWSX_WERROR}>:-Werror>)
