# journeyctl_module(TARGET): a static library of the current folder's .cpp
# files (sub-folders included), with our warnings and the repository root
# as its include root (#include "core/expr/value.hpp").
#
# The caller then declares what the module uses with target_link_libraries:
# PUBLIC for what its headers include (its users need it too), PRIVATE for
# what only its .cpp files include. A module that uses something it does
# not declare fails to link on its own (tests/CMakeLists.txt: link_check).
function(journeyctl_module target)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(${target} STATIC ${sources})
  journeyctl_warnings(${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR})
endfunction()
