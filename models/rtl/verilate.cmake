# SPDX-License-Identifier: Apache-2.0
# verilate.cmake -- verilate models/rtl/ternary_tile.sv for SystemC.
#
# Usage (from any CMakeLists.txt):
#   include(${PROJECT_SOURCE_DIR}/models/rtl/verilate.cmake)
#   ternsim_verilate_tile(tile_r4c4_a16 4 4 16 0)          # wrap
#   ternsim_verilate_tile(tile_r8c4_a12s 8 4 12 1 TRACE)   # saturate, VCD
#   target_link_libraries(my_exe PRIVATE ternsim_rtl_tile_r4c4_a16)
#   // C++: #include "rtl_tile_tile_r4c4_a16.hpp"
#   //      auto t = ternsim::rtl::make_tile_r4c4_a16("tile0");
#
# ternsim_verilate_tile(NAME R C ACC_W SAT [TRACE])
#   Creates STATIC library target ternsim_rtl_<NAME> containing the Verilated
#   SystemC model V<NAME> (verilator --sc --pins-bv 2, top ternary_tile,
#   -GR -GC -GACC_W -GSATURATE) plus a generated factory
#     std::unique_ptr<RtlTernaryTile> ternsim::rtl::make_<NAME>(name, period)
#   and constexpr RtlTileConfig ternsim::rtl::rtl_tile_<NAME>_config declared
#   in the generated header rtl_tile_<NAME>.hpp.
#   TRACE (or -DTERNSIM_RTL_TRACE=ON for all tiles) verilates with --trace so
#   RtlTernaryTile::enable_vcd() works.
#   Also registers ctest `rtl_lint_<NAME>` (verilator --lint-only -Wall).
#
# Shared targets created once: ternsim::systemc (SystemC via pkg-config, or
# SYSTEMC_INCLUDE / SYSTEMC_LIBDIR, default /usr/include +
# /usr/lib/x86_64-linux-gnu), ternsim_verilated_rt (verilated.cpp & co,
# compiled once for all models) and ternsim_rtl_wrapper (RtlTernaryTile).
# Verilator-generated sources are compiled with -w; our own code with
# -Wall -Wextra.
include_guard(GLOBAL)

set(TERNSIM_RTL_DIR "${CMAKE_CURRENT_LIST_DIR}" CACHE INTERNAL "ternsim RTL dir")
option(TERNSIM_RTL_TRACE "Verilate all RTL tiles with --trace (VCD)" OFF)

find_package(verilator REQUIRED
  HINTS $ENV{VERILATOR_ROOT} /usr/share/verilator)
find_package(Threads REQUIRED)

# ----------------------------------------------------------------- SystemC
if(NOT TARGET ternsim::systemc)
  add_library(ternsim_systemc INTERFACE)
  add_library(ternsim::systemc ALIAS ternsim_systemc)
  find_package(PkgConfig QUIET)
  if(PkgConfig_FOUND)
    pkg_check_modules(TERNSIM_PC_SYSTEMC QUIET systemc)
  endif()
  find_path(TERNSIM_SYSTEMC_INCLUDE_DIR NAMES systemc.h
    HINTS ${TERNSIM_PC_SYSTEMC_INCLUDEDIR} $ENV{SYSTEMC_INCLUDE}
          $ENV{SYSTEMC_ROOT}/include /usr/include)
  find_library(TERNSIM_SYSTEMC_LIBRARY NAMES systemc
    HINTS ${TERNSIM_PC_SYSTEMC_LIBDIR} ${TERNSIM_PC_SYSTEMC_LIBRARY_DIRS}
          $ENV{SYSTEMC_LIBDIR} $ENV{SYSTEMC_ROOT}/lib
          /usr/lib/x86_64-linux-gnu)
  if(NOT TERNSIM_SYSTEMC_INCLUDE_DIR OR NOT TERNSIM_SYSTEMC_LIBRARY)
    message(FATAL_ERROR "SystemC not found: install libsystemc-dev or set "
                        "SYSTEMC_INCLUDE / SYSTEMC_LIBDIR")
  endif()
  target_include_directories(ternsim_systemc SYSTEM INTERFACE
    ${TERNSIM_SYSTEMC_INCLUDE_DIR})
  target_link_libraries(ternsim_systemc INTERFACE
    ${TERNSIM_SYSTEMC_LIBRARY} Threads::Threads)
  # Debian's libsystemc 2.3.4 is built as C++17 (sc_api_version_..._cxx201703L):
  # pin the API version so C++20 consumers still link.
  target_compile_definitions(ternsim_systemc INTERFACE SC_CPLUSPLUS=201703L)
  target_compile_features(ternsim_systemc INTERFACE cxx_std_17)
endif()

set(_TERNSIM_RTL_WARN_GENEX
  "$<$<OR:$<CXX_COMPILER_ID:GNU>,$<CXX_COMPILER_ID:Clang>>:-Wall;-Wextra>"
  CACHE INTERNAL "warning flags for ternsim RTL wrapper code")

# ------------------------------------------- Verilator runtime (compiled once)
if(NOT TARGET ternsim_verilated_rt)
  add_library(ternsim_verilated_rt STATIC
    ${VERILATOR_ROOT}/include/verilated.cpp
    ${VERILATOR_ROOT}/include/verilated_vcd_c.cpp
    ${VERILATOR_ROOT}/include/verilated_threads.cpp)
  target_include_directories(ternsim_verilated_rt SYSTEM PUBLIC
    ${VERILATOR_ROOT}/include ${VERILATOR_ROOT}/include/vltstd)
  target_compile_definitions(ternsim_verilated_rt PRIVATE
    VM_SC=1 VM_COVERAGE=0 VM_TRACE=1 VM_TRACE_VCD=1 VM_TRACE_FST=0)
  target_compile_options(ternsim_verilated_rt PRIVATE -w)
  target_link_libraries(ternsim_verilated_rt PUBLIC ternsim::systemc)
endif()

# ------------------------------------------------ width-independent wrapper
if(NOT TARGET ternsim_rtl_wrapper)
  add_library(ternsim_rtl_wrapper STATIC ${TERNSIM_RTL_DIR}/rtl_tile_wrapper.cpp)
  target_include_directories(ternsim_rtl_wrapper PUBLIC ${TERNSIM_RTL_DIR})
  target_link_libraries(ternsim_rtl_wrapper PUBLIC ternsim::systemc)
  target_compile_options(ternsim_rtl_wrapper PRIVATE ${_TERNSIM_RTL_WARN_GENEX})
endif()

# ------------------------------------------------------ one verilated config
function(ternsim_verilate_tile NAME R C ACC_W SAT)
  cmake_parse_arguments(ARG "TRACE" "" "" ${ARGN})
  if(SAT)
    set(SAT 1)
    set(SAT_CXX true)
  else()
    set(SAT 0)
    set(SAT_CXX false)
  endif()
  set(tgt ternsim_rtl_${NAME})
  set(prefix V${NAME})
  set(vdir ${CMAKE_CURRENT_BINARY_DIR}/ternsim_rtl/${NAME}/vlt)
  set(gdir ${CMAKE_CURRENT_BINARY_DIR}/ternsim_rtl/${NAME}/gen)
  set(sv ${TERNSIM_RTL_DIR}/ternary_tile.sv)
  set(params -GR=${R} -GC=${C} -GACC_W=${ACC_W} -GSATURATE=${SAT})

  # Generated factory (our code: compiled with warnings enabled).
  file(WRITE ${gdir}/rtl_tile_${NAME}.hpp.tmp
"// Generated by ternsim_verilate_tile(${NAME} ${R} ${C} ${ACC_W} ${SAT}).
#pragma once
#include \"rtl_tile_wrapper.hpp\"
#include <memory>
namespace ternsim::rtl {
inline constexpr RtlTileConfig rtl_tile_${NAME}_config{${R}u, ${C}u, ${ACC_W}u, ${SAT_CXX}};
std::unique_ptr<RtlTernaryTile> make_${NAME}(
    const char* name,
    const sc_core::sc_time& clk_period = sc_core::sc_time(1, sc_core::SC_NS));
}  // namespace ternsim::rtl
")
  file(WRITE ${gdir}/rtl_tile_${NAME}.cpp.tmp
"// Generated by ternsim_verilate_tile(${NAME} ${R} ${C} ${ACC_W} ${SAT}).
#include \"rtl_tile_${NAME}.hpp\"
#include \"rtl_tile_wrapper_impl.hpp\"
#include \"${prefix}.h\"
namespace ternsim::rtl {
std::unique_ptr<RtlTernaryTile> make_${NAME}(const char* name,
                                             const sc_core::sc_time& clk_period) {
  return std::make_unique<
      RtlTernaryTileImpl<${prefix}, ${R}u, ${C}u, ${ACC_W}u, ${SAT_CXX}>>(
      name, clk_period);
}
}  // namespace ternsim::rtl
")
  foreach(ext hpp cpp)
    configure_file(${gdir}/rtl_tile_${NAME}.${ext}.tmp
                   ${gdir}/rtl_tile_${NAME}.${ext} COPYONLY)
  endforeach()

  add_library(${tgt} STATIC ${gdir}/rtl_tile_${NAME}.cpp)
  set(vopts SYSTEMC)
  if(ARG_TRACE OR TERNSIM_RTL_TRACE)
    list(APPEND vopts TRACE)
  endif()
  verilate(${tgt} ${vopts}
    PREFIX ${prefix}
    TOP_MODULE ternary_tile
    DIRECTORY ${vdir}
    SOURCES ${sv}
    VERILATOR_ARGS --pins-bv 2 ${params})

  # Runtime sources come from ternsim_verilated_rt (once per program);
  # silence warnings in generated code only.
  get_target_property(srcs ${tgt} SOURCES)
  set(keep)
  foreach(s IN LISTS srcs)
    if(s MATCHES "^${VERILATOR_ROOT}/include/")
      continue()
    endif()
    list(APPEND keep ${s})
    if(s MATCHES "^${vdir}/.*\\.cpp$")
      set_source_files_properties(${s} PROPERTIES COMPILE_OPTIONS -w)
    endif()
  endforeach()
  set_property(TARGET ${tgt} PROPERTY SOURCES ${keep})

  target_include_directories(${tgt} SYSTEM PUBLIC ${vdir}
    ${VERILATOR_ROOT}/include ${VERILATOR_ROOT}/include/vltstd)
  target_include_directories(${tgt} PUBLIC ${gdir})
  target_compile_options(${tgt} PRIVATE ${_TERNSIM_RTL_WARN_GENEX})
  target_link_libraries(${tgt} PUBLIC ternsim_rtl_wrapper ternsim_verilated_rt
                                      ternsim::systemc)
  set_property(GLOBAL APPEND PROPERTY TERNSIM_RTL_TILES ${NAME})

  add_test(NAME rtl_lint_${NAME}
    COMMAND ${VERILATOR_BIN} --lint-only -Wall ${params} ${sv})
endfunction()
