package org.openintercom.simulator;
