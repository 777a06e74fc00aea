# Warnings for our own targets; -Werror only when asked (CI asks).
function(journeyctl_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wimplicit-fallthrough)
  if(JOURNEYCTL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
