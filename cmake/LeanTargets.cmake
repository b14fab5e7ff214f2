# The front-end's cached path must start at close to the cost of a bare exec, so the
# libraries it links may not pull in Poco, OpenSSL, glib/libsecret or Boost (each costs
# milliseconds of relocations and constructors). awsx_require_lean(TARGET) checks that at
# configure time, across everything TARGET links, directly or through other targets; the
# linker then rejects any use of those libraries on the cached path as an undefined
# symbol, instead of a test finding it in the binary afterwards.

set(AWSX_HEAVY_LIBRARIES "^(Poco::|OpenSSL::|Boost::|PkgConfig::LIBSECRET)"
    CACHE INTERNAL "Link items a lean target may not reach")
set(AWSX_HEAVY_FILES "(libPoco|libssl|libcrypto|libglib|libgio|libgobject|libsecret|libboost)"
    CACHE INTERNAL "Library files a lean target may not reach")

# Fails the configure step when `target` reaches a heavy library; `path` is how it got
# there, for the message.
function(_awsx_check_lean target path)
  set(items "")
  get_target_property(type ${target} TYPE)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(own ${target} LINK_LIBRARIES)
    if(own)
      list(APPEND items ${own})
    endif()
  endif()
  get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
  if(interface)
    list(APPEND items ${interface})
  endif()
  list(REMOVE_DUPLICATES items)
  foreach(item IN LISTS items)
    # A static library's private dependencies reach the program as $<LINK_ONLY:item>.
    string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" item "${item}")
    if(item MATCHES "${AWSX_HEAVY_LIBRARIES}" OR item MATCHES "${AWSX_HEAVY_FILES}")
      message(FATAL_ERROR "${path} -> ${item}: the front-end's cached path may not link "
        "Poco, OpenSSL, glib/libsecret or Boost; move the code that needs it out of "
        "the lean targets (see ARCHITECTURE.md, \"What the front-end may use\")")
    endif()
    get_property(seen GLOBAL PROPERTY _AWSX_LEAN_SEEN)
    if(TARGET ${item} AND NOT item IN_LIST seen)
      set_property(GLOBAL APPEND PROPERTY _AWSX_LEAN_SEEN ${item})
      _awsx_check_lean(${item} "${path} -> ${item}")
    endif()
  endforeach()
endfunction()

# Checks `target` once every target of the project is defined (at the end of the
# top-level CMakeLists.txt), so the order of add_subdirectory does not matter.
function(awsx_require_lean target)
  set_property(GLOBAL APPEND PROPERTY AWSX_LEAN_TARGETS ${target})
endfunction()

# Runs the check for every target given to awsx_require_lean; call it last.
function(awsx_check_lean_targets)
  get_property(targets GLOBAL PROPERTY AWSX_LEAN_TARGETS)
  foreach(target IN LISTS targets)
    set_property(GLOBAL PROPERTY _AWSX_LEAN_SEEN "")
    _awsx_check_lean(${target} ${target})
  endforeach()
endfunction()
