# ASan + UBSan for the whole build (CI builds a second tree with this on).
if(JOURNEYCTL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# libFuzzer build: every library gets coverage instrumentation and the
# sanitizers; only the fuzz targets link libFuzzer's main.
if(JOURNEYCTL_BUILD_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "JOURNEYCTL_BUILD_FUZZ needs clang: CXX=clang++ cmake ...")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
