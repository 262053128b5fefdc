# Project-wide compile policy, in one INTERFACE target that every target links.
add_library(integrator_policy INTERFACE)
target_compile_features(integrator_policy INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(integrator_policy INTERFACE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
target_compile_definitions(integrator_policy INTERFACE
  QT_NO_CAST_FROM_ASCII
  QT_NO_CAST_TO_ASCII
  QT_NO_URL_CAST_FROM_STRING
  QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
  QT_NO_CONTEXTLESS_CONNECT
  QT_NO_KEYWORDS
  INTEGRATOR_VERSION="${PROJECT_VERSION}")

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# Sanitizers, for a build folder of their own: every target, the tests' children included, is instrumented.
# UndefinedBehaviorSanitizer stops the program at the first finding, so that a test fails on it.
if(INTEGRATOR_SANITIZE)
  target_compile_options(integrator_policy INTERFACE -fsanitize=${INTEGRATOR_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(integrator_policy INTERFACE -fsanitize=${INTEGRATOR_SANITIZE})
  if(INTEGRATOR_SANITIZE MATCHES "undefined")
    target_compile_options(integrator_policy INTERFACE -fno-sanitize-recover=undefined)
  endif()
endif()

# libFuzzer's coverage in every target, so that the fuzz targets (tests/fuzz) are guided through the engine;
# the tests linked without libFuzzer get the sanitizer runtime's do-nothing hooks.
if(INTEGRATOR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "INTEGRATOR_FUZZ needs clang (libFuzzer): -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  target_compile_options(integrator_policy INTERFACE -fsanitize=fuzzer-no-link)
endif()
