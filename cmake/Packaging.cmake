# The Debian package: `cpack -G DEB` in a build tree (scripts/package.sh does it in the portable
# `package` preset) packs what `cmake --install` installs — emuplay, emuplay-cli, the desktop
# file and the icon — under /usr, as build/…/emuplay_VERSION_ARCH.deb.

set(EMUPLAY_PACKAGE_MAINTAINER "Emulation Playground maintainers <maintainers@emuplay.invalid>"
    CACHE STRING "Maintainer field of the Debian package (\"Name <address>\")")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME emuplay)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${EMUPLAY_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "playground for statistical emulation")
# The long description, in lines of Debian's width (cpack does not wrap them).
set(CPACK_PACKAGE_DESCRIPTION [=[
Gaussian processes, experimental design, Bayesian optimisation, multi-fidelity
emulation and deep Gaussian processes you can click: add data and watch the
posterior and the acquisition move, tune a mountain car's controller on the
simulator or on an emulator of its dynamics, fit the Olympic marathon data
with a GP and a deep GP.
The headless tool emuplay-cli computes everything the GUI shows and prints it
as JSON.]=])

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # emuplay_VERSION_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: computed by dpkg-shlibdeps (package dpkg-dev) from the libraries the programs link.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

# Without dpkg-shlibdeps CPack would quietly write a package with no Depends; this file, read
# by cpack before it packs, stops it instead.
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/PackagingChecks.cmake)

# cpack packs the programs as they are built; it does not build every target (benchmarks,
# tests) first. scripts/package.sh builds emuplay and emuplay-cli before it runs cpack.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

include(CPack)
