# ASan + UBSan for the whole build, with or without libFuzzer.
#
# JOURNEYCTL_SANITIZE: every target built with the sanitizers (g++ or
# clang). JOURNEYCTL_BUILD_FUZZ: the same sanitizers, plus libFuzzer's
# coverage instrumentation on every library (clang only); only the fuzz
# targets link libFuzzer's main (tests/fuzz), so the binary and the tests
# of that tree stay ordinary sanitized programs. CI builds one clang tree
# with both on, runs every test in it, then fuzzes from it
# (scripts/test.sh); either option also works alone.
#
# -fno-sanitize-recover=all: a UBSan finding ends the program, as an ASan
# one does, so that a test fails and a fuzz run keeps the crashing input
# whatever UBSAN_OPTIONS says; recovering would print the report and pass.
if(JOURNEYCTL_SANITIZE OR JOURNEYCTL_BUILD_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

if(JOURNEYCTL_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "JOURNEYCTL_BUILD_FUZZ needs clang: CXX=clang++ cmake ...")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
