# AWSX_SANITIZE=address,undefined adds the listed sanitizers to every target.
if(AWSX_SANITIZE)
  add_compile_options(-fsanitize=${AWSX_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${AWSX_SANITIZE})
endif()
