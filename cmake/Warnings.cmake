# Warnings for our own targets; -Werror only when asked (CI asks).
function(journeyctl_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
    -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wshadow=local)
  endif()
  if(JOURNEYCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
