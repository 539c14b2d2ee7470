# What `cmake --install` puts where (GNUInstallDirs; with --prefix /usr the
# config goes to /etc). The player finds its share files through the data
# folder compiled into base/datadir.c.
#
#   bin/signage                             the player and its verbs
#   share/signage/playlists, media          default playlists, demo media, notice texts
#   share/man/man1/signage.1.gz             made from the verbs' --help (deploy/make-man.sh)
#   share/doc/signage                       README, copyright, changelog
#   SYSCONFDIR/signage/player.cfg           config/player.cfg with installed paths
#   SIGNAGE_SYSTEMD_UNITDIR/signage.service the appliance's unit (deploy/signage.service)

# Debian 12 keeps units in /lib/systemd/system (lintian insists); other
# prefixes keep them under the prefix.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(_unitdir_default /lib/systemd/system)
else()
  set(_unitdir_default ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
endif()
set(SIGNAGE_SYSTEMD_UNITDIR ${_unitdir_default} CACHE PATH "where the systemd unit is installed")
set(SIGNAGE_STATEDIR /var/lib/signage CACHE PATH "the player's writable folder on an installed system")
set(SIGNAGE_SHARE ${CMAKE_INSTALL_FULL_DATADIR}/signage)

install(TARGETS signage RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY playlists media DESTINATION ${CMAKE_INSTALL_DATADIR}/signage
        PATTERN "make-demo.sh" EXCLUDE)

# The installed config is the documented one with its paths pointing at the
# installed files and the state folder, so there is one config to keep right.
file(READ ${PROJECT_SOURCE_DIR}/config/player.cfg _cfg)
string(REPLACE "\"../playlists/" "\"${SIGNAGE_SHARE}/playlists/" _cfg "${_cfg}")
string(REPLACE "\"../media/" "\"${SIGNAGE_SHARE}/media/" _cfg "${_cfg}")
string(REPLACE "\"../var/" "\"${SIGNAGE_STATEDIR}/" _cfg "${_cfg}")
file(WRITE ${PROJECT_BINARY_DIR}/install/player.cfg "${_cfg}")
install(FILES ${PROJECT_BINARY_DIR}/install/player.cfg
        DESTINATION ${CMAKE_INSTALL_FULL_SYSCONFDIR}/signage)

file(READ ${PROJECT_SOURCE_DIR}/deploy/signage.service _unit)
string(REPLACE "/usr/bin/signage" "${CMAKE_INSTALL_FULL_BINDIR}/signage" _unit "${_unit}")
string(REPLACE "/etc/signage/" "${CMAKE_INSTALL_FULL_SYSCONFDIR}/signage/" _unit "${_unit}")
file(WRITE ${PROJECT_BINARY_DIR}/install/signage.service "${_unit}")
install(FILES ${PROJECT_BINARY_DIR}/install/signage.service DESTINATION ${SIGNAGE_SYSTEMD_UNITDIR})

# The man page is made from the binary's own --help texts, so every verb and
# option (those added later included) is in it.
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/signage.1.gz ${PROJECT_BINARY_DIR}/signage.1
  COMMAND sh ${PROJECT_SOURCE_DIR}/deploy/make-man.sh $<TARGET_FILE:signage>
          ${PROJECT_SOURCE_DIR}/deploy/signage.1.in ${PROJECT_BINARY_DIR}/signage.1 ${PROJECT_VERSION}
  COMMAND gzip -9nf -k ${PROJECT_BINARY_DIR}/signage.1
  DEPENDS signage ${PROJECT_SOURCE_DIR}/deploy/make-man.sh ${PROJECT_SOURCE_DIR}/deploy/signage.1.in
  COMMENT "Making the man page signage(1)")
add_custom_target(man ALL DEPENDS ${PROJECT_BINARY_DIR}/signage.1.gz)
install(FILES ${PROJECT_BINARY_DIR}/signage.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Debian wants the changelog compressed with no timestamp in it.
add_custom_command(
  OUTPUT ${PROJECT_BINARY_DIR}/install/changelog.gz
  COMMAND gzip -9n -c ${PROJECT_SOURCE_DIR}/deploy/debian/changelog > ${PROJECT_BINARY_DIR}/install/changelog.gz
  DEPENDS ${PROJECT_SOURCE_DIR}/deploy/debian/changelog)
add_custom_target(changelog ALL DEPENDS ${PROJECT_BINARY_DIR}/install/changelog.gz)
install(FILES ${PROJECT_SOURCE_DIR}/deploy/debian/copyright ${PROJECT_BINARY_DIR}/install/changelog.gz
              ${PROJECT_SOURCE_DIR}/README.md
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
