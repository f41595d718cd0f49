# Read by cpack before it packs (CPACK_PROJECT_CONFIG_FILE, see Packaging.cmake).
if(CPACK_GENERATOR STREQUAL "DEB")
  find_program(EMUPLAY_DPKG_SHLIBDEPS dpkg-shlibdeps)
  if(NOT EMUPLAY_DPKG_SHLIBDEPS)
    message(FATAL_ERROR "dpkg-shlibdeps not found: it computes the package's Depends. "
                        "Install the Debian package dpkg-dev (scripts/setup.sh does).")
  endif()
endif()
