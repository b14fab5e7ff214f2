# cmake -DAWSX_SOURCE_DIR=... -DWORK=... -P run_lean_guard.cmake: configures lean_guard/
# twice and checks that awsx_require_lean rejects the heavy path and accepts the clean one.
foreach(variant heavy clean)
  set(clean_flag OFF)
  if(variant STREQUAL "clean")
    set(clean_flag ON)
  endif()
  file(REMOVE_RECURSE ${WORK}/${variant})
  execute_process(
    COMMAND ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR}/lean_guard -B ${WORK}/${variant}
            -DAWSX_SOURCE_DIR=${AWSX_SOURCE_DIR} -DCLEAN=${clean_flag}
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  string(REGEX REPLACE "[ \n]+" " " err "${err}")
  if(variant STREQUAL "heavy")
    if(status EQUAL 0)
      message(FATAL_ERROR "a lean target that reaches Poco configured without an error")
    endif()
    if(NOT err MATCHES "lean -> middle -> Poco::Foundation: the front-end's cached path may not link Poco")
      message(FATAL_ERROR "the error does not name the path to Poco: ${err}")
    endif()
  elseif(NOT status EQUAL 0)
    message(FATAL_ERROR "a clean lean target was rejected: ${err}")
  endif()
endforeach()
message(STATUS "awsx_require_lean rejects lean -> middle -> Poco::Foundation and accepts the clean graph")
