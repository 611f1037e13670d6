package org.openintercom.agent;
