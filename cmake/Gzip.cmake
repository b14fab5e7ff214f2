# `gzip -9n`, as Debian wants man pages and changelogs: best compression, and no name or
# time stamp, so the bytes depend on the input alone.
#
# Included, it defines awsx_gzip(). Run as a script (cmake -DGZIP= -DINPUT= -DOUTPUT= -P
# Gzip.cmake), it compresses INPUT into OUTPUT through a temporary file, so a failed run
# never leaves an OUTPUT that looks up to date.
if(CMAKE_SCRIPT_MODE_FILE)
  get_filename_component(folder ${OUTPUT} DIRECTORY)
  file(MAKE_DIRECTORY ${folder})
  execute_process(COMMAND ${GZIP} -9nc INPUT_FILE ${INPUT} OUTPUT_FILE ${OUTPUT}.tmp
                  RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    file(REMOVE ${OUTPUT}.tmp)
    message(FATAL_ERROR "gzip -9n of ${INPUT} failed: ${status}")
  endif()
  file(RENAME ${OUTPUT}.tmp ${OUTPUT})
  return()
endif()

find_program(AWSX_GZIP gzip REQUIRED)

# Adds `target`, built by default, which writes `input` compressed to `output`.
function(awsx_gzip target input output)
  add_custom_command(OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DGZIP=${AWSX_GZIP} -DINPUT=${input} -DOUTPUT=${output}
            -P ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
    DEPENDS ${input} ${CMAKE_CURRENT_FUNCTION_LIST_FILE}
    COMMENT "Compressing ${input}" VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${output})
endfunction()
