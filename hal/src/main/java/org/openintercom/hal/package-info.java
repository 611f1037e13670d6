package org.openintercom.hal;
