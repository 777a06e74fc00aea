# journeyctl_module(TARGET): a static library of the current folder's .cpp
# files (sub-folders included), with our warnings and the repository root
# as its include root (#include "core/expr/value.hpp").
#
# The caller then declares what the module uses with target_link_libraries:
# PUBLIC for what its headers include (its users need it too), PRIVATE for
# what only its .cpp files include.
#
# A static library is never linked alone, so a module calling into one it
# does not declare would link fine inside the journeyctl binary, which has
# everything. TARGET_links_alone catches that: a program linking every
# object of TARGET (whole archive) and, besides, only what TARGET declares.
# It is part of the default build when tests are.
function(journeyctl_module target)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(${target} STATIC ${sources})
  journeyctl_warnings(${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})

  add_executable(${target}_links_alone ${PROJECT_SOURCE_DIR}/cmake/link_check.cpp)
  target_link_libraries(${target}_links_alone PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,${target}>")
  if(NOT JOURNEYCTL_BUILD_TESTS)
    set_target_properties(${target}_links_alone PROPERTIES EXCLUDE_FROM_ALL ON)
  endif()
endfunction()
